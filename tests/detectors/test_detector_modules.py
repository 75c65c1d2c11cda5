"""Each detector lives in the module its id names: `security.link` in `detectors/link.py`."""

from __future__ import annotations

from socialguard.detectors import registry


def test_every_detector_module_is_named_after_the_detectors_id():
    misplaced = {
        detector_id: cls.__module__
        for detector_id, cls in registry().items()
        if cls.__module__ != f"socialguard.detectors.{detector_id.split('.')[-1]}"
    }
    assert misplaced == {}
