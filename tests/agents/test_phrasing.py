"""The town's own sentences: activities as what someone is doing, relations as sentences."""

import pytest

from agents.phrasing import progressive, relation_sentence


@pytest.mark.parametrize(
    ("activity", "doing"),
    [
        ("breakfast", "having breakfast"),
        ("breakfast at Bramble & Bean", "having breakfast at Bramble & Bean"),
        ("have lunch", "having lunch"),
        ("open the shop", "opening the shop"),
        ("sleeping", "sleeping"),
        ("idle", "idle"),
        ("talking", "talking"),
        ("work", "working"),
        ("shop for groceries", "shopping for groceries"),
        ("take a nap", "taking a nap"),
        ("wake up and make breakfast", "waking up and making breakfast"),
        (
            "walk to the Copper Kettle for coffee and sketch at the window table",
            "walking to the Copper Kettle for coffee and sketching at the window table",
        ),
        ("buy bread and milk", "buying bread and milk"),
        ("getting ready to open the shop", "getting ready to open the shop"),
        ("the garden", "busy with the garden"),
    ],
)
def test_an_activity_reads_as_what_someone_is_doing(activity, doing):
    assert progressive(activity) == doing


@pytest.mark.parametrize(
    ("relation", "sentence"),
    [
        ("her mother", "Winnie Ashgrove is Odette's mother"),
        ("his wife", "Winnie Ashgrove is Odette's wife"),
        ("runs the pub; an old friend", "Winnie Ashgrove runs the pub; an old friend"),
        ("the mayor", "Winnie Ashgrove is the mayor"),
        ("a regular customer", "Winnie Ashgrove is a regular customer"),
        ("Lena's husband", "Winnie Ashgrove is Lena's husband"),
        ("best friend", "Winnie Ashgrove is Odette's best friend"),
        ("once her pupil, now the mayor", "Winnie Ashgrove was once her pupil, now the mayor"),
        ("studies at the library", "Winnie Ashgrove studies at the library"),
    ],
)
def test_a_relation_reads_as_a_sentence_about_the_other(relation, sentence):
    assert relation_sentence("Winnie Ashgrove", "Odette", relation) == sentence
