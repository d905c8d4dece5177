"The committed records after the one-time conversion to RunSpec ids: the report gives the numbers it gave before."
import re
from pathlib import Path
import pytest
from phasekd.study.runs import load_records, plan, read_record
from phasekd.report.tables import ablation_table, cost_table, headline_table, teachers_table
from phasekd.report.results import study_preset

ROOT = Path(__file__).resolve().parents[1]
CPU = ROOT/"results"/"cpu_v1"            # the first cpu study (12 epochs, one learning rate, warm-started students)
BEFORE = (Path(__file__).parent/"fixtures"/"cpu_tables_before_v1.md").read_text().split("\n\n")

def _rows(table: str) -> list[list[str]]:
    return [[c.strip() for c in l.strip("|").split("|")] for l in table.strip().splitlines()[2:]]

def _numbers(cells) -> list[str]:
    return [c for c in cells if re.fullmatch(r"[\d.]+( ± [\d.]+)?", c)]

@pytest.fixture(scope="module")
def cpu():
    return study_preset(CPU), load_records(CPU)

def _planned_then(p):
    "The runs the study was planned with: it predates fixed-mask runs, E2E trained for a warm student's budget, L_init and L_out."
    return [s for s in plan(p) if s.kind != "fixed-mask" and not (s.kind == "e2e" and s.epochs != p.train.epochs)
            and not (s.objective and set(s.objective.terms) & {"init", "out"})]

def test_every_planned_run_has_a_valid_record(cpu):
    p, recs = cpu
    assert sorted(r["run"] for r in recs) == sorted(s.id for s in _planned_then(p))
    assert all(read_record(CPU/"records"/f"{s.id}.json") is not None and (CPU/"masks"/f"{s.id}.npy").exists() for s in _planned_then(p))

def test_headline_gives_the_numbers_of_before(cpu):
    p, recs = cpu
    old, new = _rows(BEFORE[0]), _rows(headline_table(recs, p))
    assert len(old) == len(new) == 4
    for o, n in zip(old, new):                         # the new table adds the epochs behind each system (column 3)
        assert _numbers(o) == _numbers(n[:2] + n[3:])
    assert [n[2] for n in new] == ["12", "12", "24", "12"]

def test_teachers_table_is_unchanged(cpu):
    p, recs = cpu
    assert _rows(teachers_table(recs, p)) == _rows(BEFORE[2])

def test_ablation_table_gives_the_rows_of_before(cpu):
    p, recs = cpu
    old, new = _rows(BEFORE[1]), _rows(ablation_table(recs, p))
    assert len(old) == len(new) == 5
    for o, n in zip(old, new):                     # the table gained the columns of L_init and L_out, off in every run here
        assert o[:2] == n[:2] and n[2:4] == ["✗", "✗"] and o[3:] == n[5:]

def test_cost_table_gives_the_figures_of_before(cpu):
    p, recs = cpu
    old = {r[0].split(" (")[0]: r for r in _rows(BEFORE[3])}
    for n in _rows(cost_table(recs, p)):
        o = old[n[0].split(" (")[0]]
        assert n[1:4] == o[2:5]                        # per epoch, memory, inference

STUDIES = sorted(d for d in (ROOT/"results").iterdir() if (d/"results.md").is_file() and (d/"study.json").is_file())

@pytest.mark.parametrize("out", STUDIES, ids=lambda d: d.name)
def test_committed_report_regenerates_identically(out):
    "What phasekd.report.results writes from a committed study's records is its committed results.md, to the byte: a change of the code that reads records shows here."
    from phasekd.report.results import report
    assert report(out, write=False) == (out/"results.md").read_text()

def test_time_claims_are_what_the_records_hold():
    "Each preset's time, as the command's help, the demo and the README state it (phasekd.study.config.STUDY_TIME), is the training time its committed records hold."
    from phasekd.study.config import STUDY_TIME, get_preset
    readme = (ROOT/"README.md").read_text().splitlines()
    for name, claim in STUDY_TIME.items():
        row = next(l for l in readme if l.startswith(f"| `{name}` |"))
        assert claim in row, (name, claim)
        m = re.fullmatch(r"(\d+) minutes of training", claim)
        if m is None: continue
        ids = {s.id for s in plan(get_preset(name))}
        recs = [r for r in load_records(ROOT/"results"/name) if r["run"] in ids]
        assert int(m.group(1)) == round(sum(r["train_time_s"] for r in recs)/60), name
        assert f"the {len(recs)} of its {len(ids)} planned runs" in row or f"the {len(recs)} planned runs" in row
