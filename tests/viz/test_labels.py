import argparse

from viz.cli import register
from viz.text import Text, short_label


def test_an_emoji_no_font_can_draw_falls_back_to_a_few_words_of_the_action():
    text = Text()
    assert text.emoji("\ue001", 16) is None  # a private-use character: no font draws it
    assert short_label("reading a book on the bench") == "reading a book on…"
    assert short_label("having breakfast") == "having breakfast"


def test_long_speech_is_wrapped_to_the_bubble_width_and_cut_with_an_ellipsis():
    text = Text()
    words = "Have you heard about the Valentine's party at the cafe tomorrow at five? " * 3
    lines = text.wrap(words, 15, 200, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text.font(15).size(line)[0] <= 200 for line in lines)


def test_register_adds_a_view_subcommand_that_dispatches_through_handler():
    parser = argparse.ArgumentParser(prog="hamlet")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["view", "runs/x", "--screenshot", "o.png", "--at", "08:30"])
    assert args.command == "view" and args.at == "08:30" and callable(args.handler)
