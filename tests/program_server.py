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

A notebook's code cells run the same way, as Jupyter runs them: the request
``{"cells", "result", "block"}`` names a JSON list of cell sources, the file
for their nbformat outputs and the top-level packages made unimportable
(``hooks/page_notebooks.py`` blocks ``snippets``, to prove a notebook
portable). Each cell's printed text is a stream output, the value of its last
expression an ``execute_result``, an open matplotlib figure a PNG; the first
failing cell ends the run with an ``error`` output.
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


class _Blocked:
    """A finder that makes the packages it names unimportable."""

    def __init__(self, names):
        self.names = set(names)

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


class _Stream:
    """A text stream that keeps what a cell writes, in order, as outputs."""

    def __init__(self, name, outputs):
        self.name, self.outputs = name, outputs

    def write(self, text):
        if text:
            last = self.outputs[-1] if self.outputs else None
            if last and last["output_type"] == "stream" and last["name"] == self.name:
                last["text"] += text
            else:
                self.outputs.append({"output_type": "stream", "name": self.name, "text": text})
        return len(text)

    def flush(self):
        pass


def _display_text(value):
    try:
        from IPython.lib.pretty import pretty  # what Jupyter shows
    except ImportError:
        return repr(value)
    return pretty(value)


def _figures(outputs):
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    import base64
    import io

    for number in pyplot.get_fignums():
        figure = pyplot.figure(number)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        outputs.append({"output_type": "display_data", "metadata": {},
                        "data": {"image/png": base64.b64encode(buffer.getvalue()).decode(),
                                 "text/plain": repr(figure)}})
    pyplot.close("all")


def run_cells_child(cells_path, result_path, block):
    """In the forked child: run notebook cells in one namespace, write outputs."""
    import ast
    import tempfile

    for fd, mode in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        new = os.open(os.devnull, mode)  # the protocol's pipe is not the cells' to write on
        os.dup2(new, fd)
        os.close(new)
    os.environ["MPLBACKEND"] = "Agg"
    for name in list(sys.modules):
        if name.split(".")[0] in block:
            del sys.modules[name]
    sys.meta_path.insert(0, _Blocked(block))
    with open(cells_path, encoding="utf-8") as f:
        cells = json.load(f)
    os.chdir(tempfile.mkdtemp(dir=os.path.dirname(cells_path)))
    sys.path[0] = os.getcwd()
    sys.argv = [""]
    signal.alarm(TIMEOUT)
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    results, code = [], 0
    for n, source in enumerate(cells):
        outputs = []
        results.append(outputs)
        sys.stdout, sys.stderr = _Stream("stdout", outputs), _Stream("stderr", outputs)
        filename = f"<cell {n + 1}>"
        try:
            tree = ast.parse(source, filename)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, filename, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
                if value is not None:
                    outputs.append({"output_type": "execute_result", "metadata": {},
                                    "data": {"text/plain": _display_text(value)}})
            _figures(outputs)
        except BaseException as error:
            tb = error.__traceback__
            while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<cell"):
                tb = tb.tb_next
            outputs.append({"output_type": "error", "ename": type(error).__name__, "evalue": str(error),
                            "traceback": traceback.format_exception(type(error), error, tb)})
            code = 1
            break
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(results, f)
    os._exit(code)


def main():
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            if "cells" in request:
                run_cells_child(request["cells"], request["result"], request.get("block", []))
            run_child(request["script"], request["stdout"], request["stderr"])
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    main()
