"""course_lib: the one helper package every notebook of the course imports.

One idea per module:

- :mod:`course_lib.config`    quick mode, device choice, seeding
- :mod:`course_lib.data`      data sets, checked by sha256, downloaded only when missing
- :mod:`course_lib.training`  ``fit`` / ``evaluate`` with a progress bar and a per-epoch history
- :mod:`course_lib.plots`     learning curves, image grids, decision boundaries, confusion matrices
- :mod:`course_lib.gradcheck` numeric gradients and relative errors (CS231n style)
- :mod:`course_lib.widgets`   interactive figures: a plain function plus a thin ipywidgets wrapper
- :mod:`course_lib.report`    headline numbers printed by a notebook and collected by ``make bench``
- :mod:`course_lib.exercises` exercise sets: public tests and generation (``make exercises``)
- :mod:`course_lib.grading`   sandboxed grading of submissions (``make grade``)
"""

from course_lib.config import device, quick_mode, seed_everything, setup

__all__ = ["device", "quick_mode", "seed_everything", "setup"]
__version__ = "0.1.0"
