"""xAPI 1.0.3 for the simulator: statements for attempts, a learning record store client, sync and boards.

* ``vocab``      the simulator's xAPI profile: verbs, activity types, extension IRIs (docs/xapi.md)
* ``statements`` one attempt (as stored in the progress database) -> its statements, deterministic ids
* ``rules``      an independent check of a statement against the xAPI 1.0.3 rules
* ``config``     where the LRS is and who we are there (config file / environment, never the command line)
* ``client``     HTTP to the LRS: batches, retry with back-off, paged reads
* ``outbox``     what is pending for an LRS (derived from the progress database) and the sent log
* ``board``      statements read back from an LRS -> export documents -> the team board
"""
