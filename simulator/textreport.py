"""Plain-text and JSON renderings of a run and a paths report (used by the CLI)."""

from __future__ import annotations

import textwrap

from simulator.analysis import PathsReport
from simulator.engine import Session
from simulator.scoring import ScoreCard, luck_in_words


def fmt(x: float | None, digits: int = 0) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def play_json(session: Session, card: ScoreCard) -> dict:
    """The stable structure of ``simulator play --json`` (documented in docs/cli.md)."""
    sc = session.scenario
    step = session.current
    return {
        "format": 1,
        "scenario": {"id": sc.id, "version": sc.version, "hash": sc.content_hash},
        "seed": session.seed,
        "status": card.status,
        "ending": card.ending,
        "outcome": card.outcome,
        "scores": card.scores,
        "weights": card.weights,
        "total": card.total,
        "passed": card.passed,
        "pass_score": card.pass_score,
        "luck": card.luck,
        "best_value": card.best_value,
        "stopped_at": None if step.finished else {"node": step.node, "options": [o.id for o in step.options]},
        "decisions": [
            {
                "seq": d.seq,
                "node": d.node,
                "kind": d.kind,
                "option": d.option,
                "evidence": d.evidence,
                "note": d.note,
                "regret": d.regret,
                "stakes": d.stakes,
                "best_move": d.best_move,
                "best_options": list(d.best_options),
                "confidence": d.confidence,
                "state": d.state,
            }
            for d in card.decisions
        ],
        "transcript": [{"node": ln.node, "who": ln.who, "speaker": ln.speaker, "text": ln.text, "mood": ln.mood} for ln in session.transcript],
        "path": session.path,
    }


def _wrap(text: str, indent: str) -> str:
    out = []
    for para in text.strip().splitlines() or [""]:
        out.append(textwrap.fill(para, width=88, initial_indent=indent, subsequent_indent=indent) if para.strip() else "")
    return "\n".join(out)


def play_text(session: Session, card: ScoreCard) -> str:
    sc = session.scenario
    lines = [f"{sc.title}  (id {sc.id}, version {sc.version}, seed {session.seed})", ""]
    transcript = session.transcript
    shown = 0

    def say(upto: int) -> None:
        nonlocal shown
        for ln in transcript[shown:upto]:
            who = ln.speaker or "Narrator"
            mood = f" ({ln.mood})" if ln.mood else ""
            lines.append(f"{who}{mood}:")
            lines.append(_wrap(ln.text, "    "))
        shown = max(shown, upto)

    for d, rec in zip(card.decisions, session.decisions):
        say(rec.lines_before)
        if d.kind == "diagnose":
            lines.append(f"  [private thought] {d.prompt}")
        lines.append(f"  > You: {d.option_text}   [{d.option}]")
        lines.append("")
    say(len(transcript))
    step = session.current
    lines.append("")
    if step.kind == "ending" and step.ending:
        lines.append(f"Ending: {step.ending.title} — {step.ending.outcome} ({step.ending.value:g})")
        if step.ending.text:
            lines.append(_wrap(step.ending.text, "    "))
    elif step.kind == "stuck":
        lines.append(f"The run got stuck: {step.reason}.")
    else:
        lines.append(f"The choices ran out at '{step.node}' (options: {', '.join(f'{o.number}={o.id}' for o in step.options)}).")
    lines.append("")
    lines.append("Score card")
    for name, value, weight in card.components:
        label = sc.label(name)
        w = f"weight {weight:g}" if weight > 0 else "not weighted"
        lines.append(f"  {label:<14} {fmt(value):>4}   ({w})")
    lines.append(f"  {'Total':<14} {fmt(card.total):>4}   pass mark {card.pass_score:g}: {'PASSED' if card.passed else 'not passed'}")
    lines.append(f"  Luck: {luck_in_words(card)}")
    lines.append("")
    lines.append("Decisions")
    for d in card.decisions:
        mark = "best move" if d.best_move else f"regret {d.regret:.1f} of {d.stakes:.1f} at stake"
        ev = ", ".join(f"{k} {v:+g}" for k, v in d.evidence.items()) or "no evidence"
        lines.append(f"  {d.seq}. {d.node}: {d.option} — {mark}; {ev}")
        if d.note:
            lines.append(_wrap(d.note, "       "))
        if not d.best_move:
            lines.append(f"       Best here: {', '.join(d.best_options)}")
    return "\n".join(lines)


def paths_text(sc, report: PathsReport) -> str:
    out = [f"{sc.title}  (id {sc.id}, version {sc.version})", ""]
    out.append(f"Best expected outcome from the start (V*): {report.best_value:.1f}")
    out.append(f"States explored: {report.states:,}")
    out.append("Endings:")
    for eid, ok in report.endings.items():
        e = sc.endings[eid]
        out.append(f"  {'reachable  ' if ok else 'UNREACHABLE'}  {eid} — {e.title} ({e.outcome}, {e.value:g})")
    tr = report.total_range
    out.append(f"Total score range: {fmt(tr[0]) if tr else 'n/a'} to {fmt(tr[1]) if tr else 'n/a'}  (pass mark {sc.pass_score:g})")
    out.append("Component ranges:")
    for c, rng in report.component_ranges.items():
        out.append(f"  {sc.label(c):<14} {'n/a' if rng is None else f'{rng[0]:.0f} to {rng[1]:.0f}'}")
    out.append(f"Best path: {' -> '.join(report.best_path) or '(no decisions)'}")
    cap = "" if report.exhaustive else f" (counting stopped at {report.paths_explored:,} paths)"
    out.append(f"Paths reaching the pass mark: {report.passing_paths:,} of {report.paths_explored:,}{cap}")
    share = report.multi_best_share
    out.append(
        "Decisions with stakes that have two or more best moves: "
        + ("n/a (no decision has stakes)" if share is None else f"{share:.0%} of {report.decisions_with_stakes}")
    )
    if share is not None and share < 0.4:
        out.append("  -> this scenario rewards one script rather than judgment")
    return "\n".join(out)
