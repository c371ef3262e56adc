"""skillcheck: rate software skills against a rubric.

The package top level stays import-light so that ``skillcheck --help`` is fast;
the library API lives in the submodules (``skillcheck.rubric``,
``skillcheck.assessment``, ``skillcheck.analysis``, ``skillcheck.render``).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
