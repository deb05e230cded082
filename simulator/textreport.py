"""Plain-text and JSON renderings of a run and a paths report (used by the CLI)."""

from __future__ import annotations

import textwrap

from simulator.analysis import PathsReport
from simulator.design import design_rows
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
        "situation": card.situation,
        "situation_title": card.situation_title,
        "situation_forced": card.situation_forced,
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
                "verdict": d.verdict,
                "best_options": list(d.best_options),
                "best_if_known": list(d.best_if_known),
                "hidden_differs": d.hidden_differs,
                "explanation": d.explanation,
                "earned": d.earned,
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
        lines.append(f"The choices ran out at '{step.node}' (options: {', '.join(f'{o.index}={o.id}' for o in sorted(step.options, key=lambda o: o.index))}).")
    lines.append("")
    if card.situation is not None:
        forced = " (forced for this run)" if card.situation_forced else ""
        lines.append(f"Situation{forced}: {card.situation_title or card.situation}")
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
        ev = ", ".join(f"{k} {v:+.3g}" for k, v in d.evidence.items() if v) or "no evidence"
        lines.append(f"  {d.seq}. {d.node}: {d.option} — {verdict_text(d)}; {ev}")
        if d.note:
            lines.append(_wrap(d.note, "       "))
        if d.verdict == "costly":
            lines.append(f"       Best here on what you could see: {', '.join(d.best_options)}")
        if d.explanation:
            lines.append(_wrap(d.explanation, "       "))
    return "\n".join(lines)


def verdict_text(d) -> str:
    """The verdict in words; a best move whose own evidence is negative says so."""
    if d.verdict == "no-stakes":
        return "no move changed the outcome here"
    if d.verdict == "costly":
        if d.kind == "diagnose":
            return "another reading earned more"
        return f"costly move (gave away {d.regret:.1f} of the {d.stakes:.1f} at stake)"
    if sum(d.evidence.values()) < 0:
        return "a best move for the outcome, though its evidence is negative"
    return "best move"


def _range(rng, exact: bool) -> str:
    if rng is None:
        return "n/a"
    span = f"{rng[0]:.0f} to {rng[1]:.0f}"
    return span if exact else f"at least {span} (sampled)"


DESIGN_ROWS = 60  # beliefs shown in the text design report; --json has them all


def paths_text(sc, report: PathsReport) -> str:
    out = [f"{sc.title}  (id {sc.id}, version {sc.version})", ""]
    out.append(f"Best expected outcome on what the rep can see, V(b0): {report.best_value:.1f}"
               + (f"  (had they known everything: {report.best_value_known:.1f})"
                  if abs(report.best_value_known - report.best_value) > 0.05 else ""))
    out.append(f"States explored: {report.states:,}; beliefs: {report.beliefs:,}")
    out.append("Endings:")
    for eid, ok in report.endings.items():
        e = sc.endings[eid]
        out.append(f"  {'reachable  ' if ok else 'UNREACHABLE'}  {eid} — {e.title} ({e.outcome}, {e.value:g})")
    exact = report.exact
    how = "exact: every path enumerated" if exact else (
        f"NOT exact: {report.paths_explored:,} paths enumerated and {report.sampled:,} sampled; "
        "the true ranges contain these")
    out.append(f"Score ranges ({how}):")
    out.append(f"  {'Total':<14} {_range(report.total_range, exact)}  (pass mark {sc.pass_score:g})")
    for c, rng in report.component_ranges.items():
        out.append(f"  {sc.label(c):<14} {_range(rng, exact)}")
    out.append(f"Best path: {' -> '.join(report.best_path) or '(no decisions)'}")
    if any(row["id"] is not None for row in report.situations):
        out.append("Situations (V* had the rep known it; the best play on what they see):")
        for row in report.situations:
            out.append(f"  {row['id']} ({row['weight']:.0%}): V* {row['best_value_known']:.1f}, "
                       f"best play on beliefs {row['policy_value']:.1f}; path {' -> '.join(row['best_path']) or '-'}")
    cap = "" if report.exhaustive else f" (at least; counting stopped at {report.paths_explored:,} paths)"
    out.append(f"Paths reaching the pass mark: {report.passing_paths:,} of {report.paths_explored:,}{cap}")
    share = report.multi_best_share
    out.append(
        "Decisions with stakes that have two or more best moves: "
        + ("n/a (no decision has stakes)" if share is None else f"{share:.0%} of {report.decisions_with_stakes}")
    )
    if share is not None and share < 0.4:
        out.append("  -> this scenario rewards one script rather than judgment")
    mj = report.memoriser_judgment
    out.append(f"Memoriser's judgment (replays one remembered path): {fmt(mj)}"
               + ("  -> one remembered path passes for judgment: this tests recall" if mj is not None and mj >= 90 else ""))
    rows = design_rows(report.graph, DESIGN_ROWS) if report.graph is not None else report.design
    out.extend(design_text(sc, rows, report.beliefs))
    return "\n".join(out)


def design_text(sc, rows: list[dict], total: int | None = None) -> list[str]:
    """The design report as a compact table: * best, x costly, - no stakes."""
    out = ["", "Design report (belief: what the rep cannot tell apart, by the variables that differ at the node;",
           "  Q = best expected outcome after the move; * best, x costly, - no move changes the outcome)"]
    out.append(f"  {'node':<22} {'belief':<34} {'option':<24} {'Q':>6} {'regret':>6}  evidence")
    mark = {"best": "*", "costly": "x", "no-stakes": "-"}
    for row in rows[:DESIGN_ROWS]:
        belief = row["belief"]
        if len(belief) > 1:
            desc = " | ".join(f"{b['probability']:.0%} " + ",".join(f"{k}={v}" for k, v in b["values"].items()) for b in belief)
        else:
            desc = "sure: " + (",".join(f"{k}={v}" for k, v in belief[0]["values"].items()) or "-")
        for k, o in enumerate(row["options"]):
            ev = ", ".join(f"{c} {x:+.3g}" for c, x in o["evidence"].items()) or "-"
            node = row["node"] if k == 0 else ""
            bel = desc if k == 0 else ""
            out.append(f"  {node[:22]:<22} {bel[:34]:<34} {mark[o['mark']]} {o['id'][:22]:<22} {o['q']:6.1f} {o['regret']:6.1f}  {ev}")
    total = len(rows) if total is None else total
    if total > DESIGN_ROWS:
        out.append(f"  ... {total - DESIGN_ROWS:,} more decision beliefs (simulator paths --json lists them all)")
    return out
