"""Run Python programs as ``python program.py`` would, without its start-up.

A reader who copies a program runs it in a new interpreter, from an empty
folder. Most of that interpreter's time here goes to importing torch,
scikit-learn and SciPy, so this server imports them once and then, for each
program, forks: the child gets its own namespace (``__main__``), its own
folder as the working directory and as ``sys.path[0]``, its own ``argv``,
and fresh standard streams, exactly what a new interpreter gives the program.
What it imports is a module already in memory instead of one read from disk;
``tests/test_programs.py`` checks that a program prints the same either way.

Protocol, one JSON object a line: the request ``{"script", "stdout",
"stderr"}`` (paths), the answer ``{"returncode"}``.
"""

import json
import os
import runpy
import signal
import sys
import traceback

# The start-up worth sharing: every example program imports one of these.
import numpy  # noqa: F401
import scipy.linalg  # noqa: F401
import sklearn.model_selection  # noqa: F401
import torch  # noqa: F401

TIMEOUT = 600  # seconds a program may run before SIGALRM ends it


def run_child(script, stdout, stderr):
    """In the forked child: become ``python script`` and never return."""
    folder = os.path.dirname(script)
    os.chdir(folder)
    for fd, path, mode in ((0, os.devnull, os.O_RDONLY), (1, stdout, os.O_WRONLY), (2, stderr, os.O_WRONLY)):
        new = os.open(path, mode | (os.O_CREAT | os.O_TRUNC if fd else 0))
        os.dup2(new, fd)
        os.close(new)
    sys.stdin = open(0, encoding="utf-8", closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    sys.argv = [script]
    sys.path[0] = folder  # where this server's own folder stood
    signal.alarm(TIMEOUT)
    code = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as done:  # as the interpreter reads sys.exit(...)
        code = done.code
        if code is None:
            code = 0
        elif not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
    except BaseException as error:
        # The traceback a reader would see: from the program's own frames.
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != script:
            tb = tb.tb_next
        traceback.print_exception(type(error), error, tb or error.__traceback__)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def main():
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            run_child(request["script"], request["stdout"], request["stderr"])
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    main()
