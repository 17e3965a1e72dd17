"""`hamlet analyze`: the report, the tables and the plots of a scripted run."""

from __future__ import annotations

import argparse
import shutil

import matplotlib.image
import pandas as pd
import pytest

from sim.analysis.cli import register
from tests.support.runs import copy_run

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def hamlet(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="hamlet")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, rule_based_tiny_run, generative_tiny_run):
    # The analysis is written into each run folder: copies of our own.
    out = tmp_path_factory.mktemp("runs")
    return copy_run(rule_based_tiny_run, out), copy_run(generative_tiny_run, out)


def assert_real_png(path) -> None:
    assert path.read_bytes()[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    pixels = matplotlib.image.imread(path)
    assert pixels.shape[0] > 200 and pixels.shape[1] > 200
    # More than a blank canvas: the drawing varies across the image.
    assert pixels[..., :3].std() > 0.02, f"{path.name} looks blank"


def test_analyze_writes_report_tables_and_plots(runs, capsys):
    talky, minds = runs
    assert hamlet(["analyze", str(talky), "--compare", str(minds)]) == 0
    folder = talky / "analysis"
    assert capsys.readouterr().out.strip() == str(folder / "report.md")
    for name in ("network", "density", "attendance", "time_use", "cost_by_task"):
        assert_real_png(folder / f"{name}.png")
    for name in ("network_edges", "density", "attendance", "time_use", "cost_by_task"):
        csv = pd.read_csv(folder / f"{name}.csv")
        parquet = pd.read_parquet(folder / f"{name}.parquet")
        assert len(csv) == len(parquet)
    report = (folder / "report.md").read_text()
    # The scenario's measure (attendance at the café) comes before everything else.
    assert report.index("### Attendance at Copper Kettle") < report.index("## Conversation network")
    edges = pd.read_csv(folder / "network_edges.csv")
    assert not edges.empty
    density = pd.read_csv(folder / "density.csv").density.iloc[-1]
    assert f"**{density:g}** at the end" in report
    attended = int(pd.read_csv(folder / "attendance.csv").attended.sum())
    assert f"Agents present: **{attended}** of 3" in report
    utterances = edges.utterances.sum()
    assert f"{utterances} lines" in report
    # The comparison puts both runs' figures side by side.
    assert "## Compared with `minds`" in report
    assert "| calls | 0 |" in report


def test_analyze_reports_the_cost_of_a_generative_run(runs):
    _, minds = runs
    assert hamlet(["analyze", str(minds), "--quiet"]) == 0
    folder = minds / "analysis"
    by_task = pd.read_csv(folder / "cost_by_task.csv")
    assert by_task.calls.sum() > 0
    report = (folder / "report.md").read_text()
    assert f"{by_task.calls.sum()} model calls" in report
    top = by_task.iloc[0]
    assert f"| {top.task} | {top.calls} |" in report
    assert_real_png(folder / "cost_by_task.png")


def test_analyze_of_a_damaged_run_names_the_file_and_line(runs, tmp_path, capsys):
    talky, _ = runs
    broken = tmp_path / "broken"
    shutil.copytree(talky, broken)
    lines = (broken / "events.jsonl").read_text().splitlines(keepends=True)
    lines[4] = "{oops\n"
    (broken / "events.jsonl").write_text("".join(lines))
    assert hamlet(["analyze", str(broken), "--quiet"]) == 2
    assert "events.jsonl:5: not valid JSON" in capsys.readouterr().err


def test_analyze_with_a_fact_reports_its_diffusion_first(tmp_path, capsys):
    from tests.sim.analysis.synthetic import write_run

    folder = write_run(tmp_path)
    code = hamlet(
        ["analyze", str(folder), "--fact", "the fair is on Saturday", "--keyword", "fair"]
    )
    assert code == 0
    report = (folder / "analysis" / "report.md").read_text()
    assert report.index("### Diffusion of the news") < report.index("## Conversation network")
    assert "**1** at the start, **3** of 4 at the end (**75%**)" in report
    assert "First to know: Ada. Conversations that carried it: **2**" in report
    assert_real_png(folder / "analysis" / "diffusion.png")
    trace = pd.read_csv(folder / "analysis" / "diffusion_trace.csv")
    assert trace.set_index("agent").loc["Cal", "source"] == "Bea"
    assert "measuring" in capsys.readouterr().err
