"""Invented names for generated towns: first names, surnames and words for places.

Residents are a first name and a surname drawn from these lists, so no name
belongs to anyone in particular; places are a word and what the place is.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Ada", "Alma", "Amos", "Anika", "Arlo", "Astrid", "Aurel", "Bea", "Bram", "Bruno",
    "Cara", "Cass", "Cyril", "Dara", "Delia", "Dov", "Edda", "Elio", "Elke", "Emrys",
    "Esme", "Ezra", "Fenna", "Ferdi", "Flora", "Gideon", "Greer", "Gus", "Hale", "Hana",
    "Hugo", "Ida", "Ilse", "Imre", "Ines", "Ivo", "Jada", "Jonas", "Juno", "Kai",
    "Kasia", "Kit", "Lark", "Lena", "Levi", "Lior", "Lotte", "Luca", "Mabel", "Malia",
    "Mateo", "Mira", "Nell", "Nico", "Nils", "Noor", "Odile", "Olek", "Orla", "Otto",
    "Pax", "Pia", "Quinn", "Rafa", "Rhea", "Rolf", "Rosa", "Ruben", "Sabe", "Sami",
    "Saskia", "Silas", "Sunniva", "Tam", "Teo", "Thea", "Tove", "Ulla", "Uri", "Vera",
    "Vida", "Wim", "Wren", "Xavi", "Yara", "Yuki", "Zadie", "Zeno", "Zora", "Ansel",
)  # fmt: skip

SURNAMES = (
    "Abberley", "Ashdown", "Bellweather", "Birchall", "Blackmoor", "Brackenridge",
    "Brightwater", "Calloway", "Carrowmore", "Cinderby", "Coldharbour", "Copperfield",
    "Dunmore", "Eastwick", "Elderkin", "Emberton", "Fairbrook", "Fennimore", "Foxley",
    "Galloway", "Greenhalgh", "Hartwell", "Hazelgrove", "Hollins", "Inchbald", "Ivesby",
    "Jessop", "Kettering", "Kingsmill", "Lambrook", "Larkhill", "Lindenfeld", "Marchbank",
    "Merriweather", "Millward", "Moorcroft", "Nettleton", "Northcott", "Oakley", "Orchard",
    "Pembury", "Quillfeather", "Radley", "Ravensworth", "Redfern", "Rookwood", "Saltmarsh",
    "Sedgewick", "Silverton", "Stonebridge", "Summerhayes", "Thornbury", "Tidewell",
    "Underhill", "Vexley", "Wainwright", "Westbrook", "Whitacre", "Wildgoose", "Winterbourne",
    "Woolcombe", "Yarrowby", "Zellwood", "Ambrose", "Brandvold", "Castellane", "Delacourt",
    "Esterhazy", "Fontaine", "Grünwald", "Halvorsen", "Ibarra", "Jankowski", "Kowalczyk",
    "Lindahl", "Moreau", "Nakashima", "Okonkwo", "Petrovic", "Quintana", "Rasmussen",
    "Santangelo", "Takahashi", "Ulvaeus", "Vasquez", "Wojcik", "Yilmaz", "Zielinski",
)  # fmt: skip

# Words that name streets, buildings and shops.
PLACE_WORDS = (
    "Alder", "Aspen", "Birch", "Bramble", "Briar", "Cedar", "Clover", "Copper", "Elm",
    "Fern", "Foxglove", "Hazel", "Heron", "Holly", "Ivy", "Juniper", "Kestrel", "Larch",
    "Linden", "Maple", "Meadow", "Mill", "Moss", "Nettle", "Oak", "Orchard", "Otter",
    "Pebble", "Poppy", "Quince", "Rowan", "Sorrel", "Sparrow", "Thistle", "Tansy", "Willow",
    "Wren", "Yarrow", "Blackthorn", "Bluebell", "Chestnut", "Damson", "Elder", "Gorse",
    "Hawthorn", "Lark", "Medlar", "Osier", "Primrose", "Sloe",
)  # fmt: skip

STREET_KINDS = ("Street", "Row", "Lane", "Road", "Way", "Terrace")
