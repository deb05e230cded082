"""`simulator avatar NAME --out FILE [--seed N]`: a portrait in the bundled avatars' style, the same for the
same name and seed, safe to render, and never written over an existing file or outside the given path."""

from __future__ import annotations

from pathlib import Path

from simulator.avatar import features, portrait
from simulator.svgcheck import svg_problem
from tests.support.cli import run_simulator

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd):
    return run_simulator("avatar", *args, cwd=cwd, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_writes_a_safe_svg_a_scenario_can_use(tmp_path):
    (tmp_path / "avatars").mkdir()
    r = run("Nina Kowalski", "--out", "avatars/nina.svg", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "wrote avatars/nina.svg" in r.stdout and "avatar: avatars/nina.svg" in r.stdout
    data = (tmp_path / "avatars" / "nina.svg").read_bytes()
    assert svg_problem(data) is None
    assert data.startswith(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128"')
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["avatars", "nina.svg"]  # nothing else written


def test_a_scenario_with_the_generated_avatar_validates(tmp_path):
    from simulator.loader import load

    (tmp_path / "avatars").mkdir()
    assert run("Dana Ortiz", "--out", "avatars/dana.svg", cwd=tmp_path).returncode == 0
    text = (ROOT / "tests" / "scenarios" / "valid" / "spec-example.yaml").read_text(encoding="utf-8")
    target = tmp_path / "spec-example.yaml"
    target.write_text(text, encoding="utf-8")
    scenario, diags = load(target)
    assert scenario is not None, [str(d) for d in diags]
    assert any(p.avatar and p.avatar.name == "dana.svg" for p in scenario.people.values())


def test_same_name_and_seed_same_picture_another_seed_another_face():
    assert portrait("Nina Kowalski") == portrait("Nina Kowalski", 0) == portrait("  nina   kowalski ")
    faces = {portrait("Nina Kowalski", seed) for seed in range(12)}
    assert len(faces) >= 10
    names = {portrait(name) for name in ("Nina Kowalski", "Omar Haddad", "Li Wei", "Grace Okafor", "Pat Doyle")}
    assert len(names) == 5


def test_every_generated_face_uses_the_bundled_style_and_is_safe():
    bundled = (ROOT / "scenarios" / "avatars" / "nina.svg").read_text(encoding="utf-8").splitlines()
    for seed in range(40):
        svg = portrait("Someone", seed)
        assert svg_problem(svg.encode()) is None
        assert bundled[0] == svg.splitlines()[0]  # same canvas
        assert "<script" not in svg and "href" not in svg and "Someone" not in svg
    styles = {features("Someone", seed)["style"] for seed in range(60)}
    assert styles == {"short", "bob", "long", "bun", "curly", "shaved"}


def test_never_overwrites_and_never_writes_elsewhere(tmp_path):
    existing = tmp_path / "nina.svg"
    existing.write_text("mine", encoding="utf-8")
    r = run("Nina Kowalski", "--out", "nina.svg", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.strip() == ("simulator: error: nina.svg already exists; it was not changed "
                                "(pick another --out, or --seed for another face)")
    assert existing.read_text(encoding="utf-8") == "mine"
    # a symlink at the path is not followed
    (tmp_path / "target.txt").write_text("keep", encoding="utf-8")
    (tmp_path / "link.svg").symlink_to(tmp_path / "target.txt")
    assert run("Nina", "--out", "link.svg", cwd=tmp_path).returncode == 1
    assert (tmp_path / "target.txt").read_text(encoding="utf-8") == "keep"
    # a missing folder is not created
    r = run("Nina", "--out", "new/nina.svg", cwd=tmp_path)
    assert r.returncode == 2 and "the folder new does not exist; create it first" in r.stderr
    assert not (tmp_path / "new").exists()


def test_bad_input_is_one_line(tmp_path):
    r = run("Nina", "--out", "nina.png", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.strip() == "simulator: error: --out nina.png: an avatar is an SVG file; use a name ending in .svg"
    r = run("   ", "--out", "x.svg", cwd=tmp_path)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_the_bundled_avatars_are_drawn_by_the_same_code_as_the_command():
    """assets/tools/make_avatars.py draws through simulator.avatar.draw and still gives every bundled file byte for byte."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_avatars", ROOT / "assets" / "tools" / "make_avatars.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.PEOPLE
    for pid, picks in tool.PEOPLE.items():
        assert (ROOT / "scenarios" / "avatars" / f"{pid}.svg").read_text(encoding="utf-8") == tool.avatar(*picks), pid
