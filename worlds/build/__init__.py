"""Tools that make world data: the tileset painter and the map-building library."""
