"What a user at the bench meets: every documented command runs, refused commands leave nothing behind, and inputs that are not what they claim are refused by name."
import glob, json, math, os, re, shlex, subprocess, warnings
from pathlib import Path
import numpy as np
import pytest, torch
from phasekd.cli import main, parser
from phasekd.model.system import shipped_systems

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT/"README.md", ROOT/"phasekd"/"systems"/"README.md"]
BENCH = ("simulate", "reconstruct", "export", "export-mask")

def documented_commands(inline: bool = True) -> list[tuple[str, list[str]]]:
    """Every `phasekd ...` command in the READMEs' code blocks (`-m phasekd ...` too), and with `inline` those quoted in their prose
    (often a part of a command), as (source, argv), in reading order."""
    out = []
    for f in DOCS:
        text, code, fence = f.read_text(), [], None
        for l in text.splitlines():                     # the lines of ```sh / ```bash / ``` blocks
            if l.startswith("```"): fence = None if fence is not None else l[3:].strip(); continue
            if fence in ("sh", "bash", "", "console"): code.append(l)
        lines = code + ([" ".join(m.split()) for m in re.findall(r"`(phasekd [^`]+)`", text)] if inline else [])
        for l in lines:
            m = re.search(r"(?:^|-m )phasekd ((?:[a-z-]+)(?: .*)?)$", l.split(" #")[0].strip())
            if m and len(argv := shlex.split(m.group(1))) > 1: out.append((f"{f.parent.name}/{f.name}", argv))   # a bare `phasekd experiments` names the command
    return out

def test_there_are_documented_commands():
    cmds = {a[0] for _, a in documented_commands()}
    assert {"simulate", "reconstruct", "export", "experiments", "train"} <= cmds, cmds

def test_every_flag_quoted_in_the_docs_exists():
    "A command quoted in prose may be a part of one; every flag it shows exists on that command."
    sub = next(a for a in parser()._actions if hasattr(a, "choices") and isinstance(a.choices, dict)).choices
    for src, argv in documented_commands():
        assert argv[0] in sub, (src, argv)
        flags = set(sub[argv[0]]._option_string_actions)
        assert all(a in flags for a in argv if a.startswith("--")), (src, argv, sorted(flags))

def test_every_documented_command_parses():
    "Every command of the READMEs' code blocks parses whole: its flags exist and take the values shown."
    for src, argv in documented_commands(inline=False):
        try: parser().parse_args(argv)
        except (SystemExit, Exception) as e:
            if "no CUDA GPU" in str(e) and not torch.cuda.is_available(): continue     # a GPU command, refused on this machine as it should be
            pytest.fail(f"{src}: phasekd {' '.join(argv)} does not parse ({e})")

def test_every_documented_bench_command_runs(tmp_path, monkeypatch):
    "The bench commands on shipped systems run as documented, in the order the READMEs give them (globs expanded as a shell does)."
    monkeypatch.chdir(tmp_path)
    ran = 0
    for src, argv in documented_commands():
        if argv[0] not in BENCH or argv[1] not in shipped_systems(): continue
        argv = [x for a in argv for x in (sorted(glob.glob(a)) or [a] if "*" in a else [a])]
        if argv[0] == "reconstruct" and not all(Path(a).exists() for a in argv[2:argv.index("--out")] if not a.startswith("-")): continue
        if argv[0] == "export" and "--n" not in argv: argv += ["--n", "50"]          # scored on fewer images: the same command otherwise
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert main(argv + ["--quiet"]) == 0, f"{src}: phasekd {' '.join(argv)}"
        ran += 1
    assert ran >= 7, ran

@pytest.mark.parametrize("argv", [
    ["reconstruct", "e2e", "MISSING.npy", "--out", "OUT"],
    ["reconstruct", "e2e", "TEXT.npy", "--out", "OUT"],
    ["reconstruct", "e2e-p2", "SMALL.npy", "--out", "OUT"],
    ["simulate", "e2e", "--data", "MISSING", "--out", "OUT"],
    ["simulate", "NOSYSTEM", "--out", "OUT"],
    ["export", "e2e", "--slm", "--lut", "TEXT.npy", "--out", "OUT"],
    ["export", "e2e", "--doe", "--lut", "TEXT.npy", "--out", "OUT"],
    ["export-mask", "NOSYSTEM", "OUT/"],
    ["train", "--preset", "smoke", "--kind", "student", "--out", "OUT/x.pt"],
])
def test_a_refused_command_leaves_nothing(argv, tmp_path, capsys):
    (tmp_path/"TEXT.npy").write_text("0 1 2")
    np.save(tmp_path/"SMALL.npy", np.ones((1, 1, 32, 32)))
    argv = [str(tmp_path/a) if a.isupper() or a.endswith(("npy", "/")) or a.startswith("OUT") else a for a in argv]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("phasekd: error: ")
    assert not (tmp_path/"OUT").exists()

def test_frame_size_errors_say_what_to_pass(tmp_path, capsys):
    from phasekd.lab import camera
    from phasekd.model.system import load_system
    s = load_system("e2e")
    y = camera.simulate(s, torch.rand(1, 1, 32, 32), noise=False)
    np.save(tmp_path/"binned.npy", y.repeat_interleave(2, -1).repeat_interleave(2, -2).numpy())
    np.save(tmp_path/"big.npy", torch.nn.functional.pad(torch.fft.fftshift(y, dim=(-2, -1)), (5, 6, 5, 6)).numpy())
    assert main(["reconstruct", "e2e", str(tmp_path/"binned.npy"), "--out", str(tmp_path/"o")]) == 2
    assert "--bin 2" in capsys.readouterr().err
    assert main(["reconstruct", "e2e", str(tmp_path/"big.npy"), "--out", str(tmp_path/"o")]) == 2
    assert "--crop --centered" in capsys.readouterr().err

def test_help_says_what_the_arguments_are(capsys):
    for cmd, words in (("simulate", ("--out", "cdps.npy", "simulate.json")), ("export-mask", ("shipped",))):
        with pytest.raises(SystemExit): main([cmd, "--help"])
        h = capsys.readouterr().out
        assert all(w in h for w in words), (cmd, h)

def test_export_mask_of_a_shipped_system(tmp_path):
    assert main(["export-mask", "e2e", str(tmp_path/"m")]) == 0
    assert np.load(tmp_path/"m.npy").shape == (1, 32, 32)

def test_out_of_range_max_phase_is_refused():
    from phasekd.model.system import SystemConfig
    for v in (2*math.pi + 0.01, 7.0, 0.0, -1.0):
        with pytest.raises(ValueError, match="max_phase must be"): SystemConfig(max_phase=v)
    SystemConfig(max_phase=2*math.pi)

def test_a_lut_that_leaves_a_gap_is_warned_about(tmp_path):
    from phasekd.lab.fabrication import read_lut
    (tmp_path/"lut.csv").write_text("level,phase\n0,0.0\n1,0.1\n")
    with pytest.warns(UserWarning, match="leave a gap"): lut = read_lut(tmp_path/"lut.csv")
    assert lut.tolist() == [0.0, 0.1]
    (tmp_path/"full.csv").write_text("\n".join(f"{k},{2*math.pi*k/256}" for k in range(256)))
    with warnings.catch_warnings(): warnings.simplefilter("error"); read_lut(tmp_path/"full.csv")

def test_a_record_whose_score_is_not_a_number_is_skipped(tmp_path):
    from phasekd.study.runs import fake_record, headline_specs, read_record, load_records
    from phasekd.study.config import get_preset
    s = headline_specs(get_preset("smoke"), 0)["e2e"]
    r = fake_record(s, 20.); r["metrics"]["test"]["psnr"] = "20.1"
    (tmp_path/"records").mkdir(); (tmp_path/"records"/f"{s.id}.json").write_text(json.dumps(r))
    assert read_record(tmp_path/"records"/f"{s.id}.json") is None
    with pytest.warns(UserWarning, match=s.id): assert load_records(tmp_path) == []

def test_a_truncated_classical_file_is_made_again(tmp_path):
    "Resuming a study whose classical.json was cut short recomputes the scores it held, with a warning that names it."
    from phasekd.study.config import get_preset
    from phasekd.study.experiments import Study
    p = get_preset("smoke").replace(data=dict(n_train=32, n_valid=16, n_test=16), protocol=dict(teacher_masks=2, fig2_masks=(), fig3_masks=(), ablation=False))
    st = Study(p, tmp_path, log=lambda *a: None)
    st.run(["random"])
    (tmp_path/"classical.json").write_text('{"rows": [')
    with pytest.warns(UserWarning, match="classical.json is not valid JSON"): out = st.run_classical(n=8)
    assert json.loads((tmp_path/"classical.json").read_text())["rows"] and out

def test_make_setup_does_not_reinstall_after_an_export():
    "nbdev-export rewrites pyproject.toml unchanged; the installation depends on its contents, so the next make does not reinstall."
    if not (ROOT/".venv"/".installed").exists(): pytest.skip("not installed by make")
    subprocess.run(["make", "setup"], cwd=ROOT, capture_output=True, text=True)      # settled (a change of contents since reinstalls)
    os.utime(ROOT/"pyproject.toml")
    r = subprocess.run(["make", "setup"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and "pip install" not in r.stdout + r.stderr, r.stdout + r.stderr

def _read_only(tmp_path) -> Path:
    "A folder this process cannot write into: a chmod'ed one, or (for root, whom chmod does not stop) one under /sys."
    if os.geteuid() != 0:
        d = tmp_path/"ro"; d.mkdir(); d.chmod(0o555); return d
    if not os.access("/sys", os.W_OK) or not Path("/sys/kernel").is_dir(): pytest.skip("no folder that root cannot write")
    return Path("/sys/kernel")

@pytest.mark.parametrize("argv", [["export-mask", "e2e", "RO/m"], ["simulate", "e2e", "--out", "RO/c"], ["export", "e2e", "--slm", "--out", "RO/s"]])
def test_output_into_a_read_only_folder_is_one_line(argv, tmp_path, capsys):
    ro = _read_only(tmp_path)
    assert main([a.replace("RO", str(ro)) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("phasekd: error: ") and err.count("\n") == 1 and "Traceback" not in err, err

def test_report_into_a_read_only_study_is_one_line(tmp_path, capsys):
    import shutil
    src = ROOT/"results"/"cpu"
    d = tmp_path/"cpu"; shutil.copytree(src, d, ignore=shutil.ignore_patterns("weights"))
    if os.geteuid() == 0: pytest.skip("root writes into any folder that is not a system one; the export-mask case covers it")
    for f in [d, *d.rglob("*")]: f.chmod(0o555 if f.is_dir() else 0o444)
    assert main(["report", "--out", str(d)]) == 2
    assert capsys.readouterr().err.startswith("phasekd: error: ")
