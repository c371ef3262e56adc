"""Process settings that make the ``skillcheck`` command start faster.

``prepare()`` is called by the console script (``skillcheck.cli.main``) before
the command runs; importing skillcheck as a library changes nothing.

* The cyclic garbage collector is paused. Starting a command allocates a few
  hundred thousand objects that live until the process exits (modules,
  classes, the rubric); the collector would walk them again and again and free
  nothing: a few percent of a report, nearly a tenth of an assessment's start.
  Reference counting still frees everything else; only reference cycles wait.
  A short command (report, compare, --help) ends with the collector paused. An
  interactive one resumes it with ``resume_collector()`` before it first waits
  for the person, so a long session collects as usual.
* The collection the interpreter runs at exit is skipped: everything is
  frozen (``gc.freeze``) just before it. That collection walks every object the
  process made, looking for cycles that the end of the process frees anyway:
  a tenth of a report, more of ``skillcheck --help``. Exit is otherwise the same
  (exit handlers run, the standard streams are flushed); objects in reference
  cycles are not finalized, which Python never promised at exit anyway.
* A command that leaves a large heap behind (a panel of thousands of
  scorecards) can ask for a quick exit (``exit_quickly()``): once it is done,
  the exit handlers run and the standard streams are flushed as usual, then
  the process ends with ``os._exit``, without freeing its objects one by one
  (as mypy's ``--fast-exit`` does): 15-30 ms for a 70 MiB panel. Its large
  intermediate results can be handed to ``keep_until_exit()``, so that they
  are not freed object by object either when the function that made them
  returns (another 10-15 ms).
* pydantic plugins are off (``PYDANTIC_DISABLE_PLUGINS``, unless the
  environment sets it): skillcheck uses none, and looking for them scans the
  metadata of every installed distribution the first time a model is validated.
"""

from __future__ import annotations

import atexit
import gc
import os


class _Collector:
    paused = False  # by prepare(): resume_collector() resumes it
    frozen_at_exit = False
    quick_exit = False  # by exit_quickly(), for main()


#: What keep_until_exit() holds on to.
_KEPT: list[tuple[object, ...]] = []


def prepare() -> None:
    """Pause the garbage collector, skip its run at exit, and turn pydantic plugins off."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if gc.isenabled():
        gc.disable()
        _Collector.paused = True
    if not _Collector.frozen_at_exit:
        # Exit handlers run before the interpreter's last collection, in the
        # reverse order of registration: this one after any registered later.
        atexit.register(gc.freeze)
        _Collector.frozen_at_exit = True


def resume_collector() -> None:
    """Collect garbage again from now on, if ``prepare()`` paused the collector.

    What start-up allocated is frozen first (``gc.freeze``): those objects stay
    out of every later collection, so resuming costs nothing now and keeps the
    session's collections small.
    """
    if _Collector.paused:
        _Collector.paused = False
        gc.freeze()
        gc.enable()


def exit_quickly() -> None:
    """Ask the console script to end the process quickly once the command is done."""
    _Collector.quick_exit = True


def keep_until_exit(*objects: object) -> None:
    """After ``exit_quickly()``, hold on to ``objects`` so that the end of the
    process frees them, not the interpreter one by one; otherwise do nothing."""
    if _Collector.quick_exit:
        _KEPT.append(objects)


def end_process(code: object) -> None:
    """End now if ``exit_quickly()`` was asked for and ``code`` is an exit status:
    exit handlers, then the standard streams, then ``os._exit``. Returns otherwise."""
    if not _Collector.quick_exit or not (code is None or isinstance(code, int)):
        return
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # not CPython: exit the usual way
        return
    import sys

    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120  # what Python itself exits with when this fails
    os._exit(code or 0)
