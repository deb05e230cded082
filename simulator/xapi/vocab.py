"""The simulator's xAPI profile: the IRIs every statement uses (documented in docs/xapi.md).

ADL verbs and activity types are used where they exist. Extensions live under the profile's own
namespace, which does not change between organisations; activity IRIs (scenarios, decisions) live
under the organisation's base IRI (``config.LrsConfig.base_iri``).
"""

from __future__ import annotations

XAPI_VERSION = "1.0.3"
PROFILE = "https://sales-simulator.org/xapi/profile"
EXT = "https://sales-simulator.org/xapi/ext/"

VERB_LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"
VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_DISPLAY = {VERB_LAUNCHED: "launched", VERB_ANSWERED: "answered", VERB_COMPLETED: "completed"}

TYPE_SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
TYPE_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
TYPE_PROFILE = "http://adlnet.gov/expapi/activities/profile"

# extensions (keys are IRIs; values are JSON)
X_SEED = EXT + "seed"  # the attempt's random seed (replay)
X_HASH = EXT + "scenario-hash"  # sha256 content hash of the scenario
X_SCENARIO_ID = EXT + "scenario-id"
X_SCENARIO_VERSION = EXT + "scenario-version"
X_APP_VERSION = EXT + "app-version"
X_TEAM = EXT + "team"
X_STARTED = EXT + "started"  # ISO 8601 start of the attempt
X_SITUATION = EXT + "situation"  # the situation drawn (format 2), or null
X_COMPONENTS = EXT + "components"  # {component: 0..100 or null}
X_TOTAL = EXT + "total"
X_LUCK = EXT + "luck"
X_ENDING = EXT + "ending"  # ending id
X_OUTCOME = EXT + "outcome"  # won | advanced | stalled | lost
X_DECISIONS = EXT + "decisions"  # [{"option": id, "confidence": 50..100 | null}] in order (replay)
X_SEQ = EXT + "decision-seq"
X_KIND = EXT + "decision-kind"  # choices | diagnose
X_EVIDENCE = EXT + "evidence"  # {competency: points}
X_REGRET = EXT + "regret"
X_STAKES = EXT + "stakes"
X_CONFIDENCE = EXT + "confidence"
