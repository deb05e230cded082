"""Run Ralph's LRS app (file-system backend) on 127.0.0.1 for the tests: ``python ralph_server.py HOST PORT``.

Run with Ralph's own interpreter. Two differences from ``ralph runserver -b fs``, both needed for a
server that takes more than one POST: (1) Ralph 5.1's file-system backend writes every POST with the
"index" operation, which refuses when its statements file exists, so the second POST answers 500; here
it appends instead (what the backend does for the "append" operation). (2) No auto-reload: runserver
watches its working folder and restarts on every write.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), reload=False, log_level="info")
