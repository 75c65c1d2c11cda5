"""The shipped model files: linear heads over the shared features, saved as small, byte-reproducible `.npz` files.

A model file holds `coef` (one row per head output, float16), `intercept` (float32) and `meta` (JSON: name,
format version, feature settings, classes, threshold, data sets and metrics). Files are written with fixed
zip timestamps, so training twice on the same data gives the same bytes. Loading checks the format version
and the feature settings, and loads each file once per process (`load`), never touching the network.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from . import features

FORMAT_VERSION = 1
MODEL_NAMES = ("language", "offensive_en", "offensive_pl", "sentiment_en", "sentiment_pl")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class ModelError(RuntimeError):
    """A model file is missing, damaged or was built for other features or another format."""


@dataclass(frozen=True)
class LinearModel:
    """Named linear heads over the shared features: `scores(X)[:, i]` is head `heads[i]`'s logit."""

    name: str
    heads: tuple[str, ...]
    weights: np.ndarray  # (N_FEATURES, len(heads)), float32, C-contiguous for fast sparse products
    intercept: np.ndarray
    meta: dict[str, Any]

    def scores(self, X: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(X @ self.weights) + self.intercept

    def head(self, name: str) -> int:
        return self.heads.index(name)


def models_dir() -> Path:
    return Path(str(resources.files("socialguard.classifiers") / "models"))


def save(model: LinearModel, folder: Path) -> Path:
    """Write `<folder>/<name>.npz` with reproducible bytes; returns its path."""
    meta = {**model.meta, "name": model.name, "heads": list(model.heads), "format": FORMAT_VERSION,
            "features": features.config()}
    arrays = {
        "coef": model.weights.T.astype(np.float16),
        "intercept": model.intercept.astype(np.float32),
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
    }
    path = folder / f"{model.name}.npz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for key, array in arrays.items():
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(f"{key}.npy", date_time=_FIXED_TIME), buffer.getvalue(),
                             compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


def read(path: Path) -> LinearModel:
    """A model from a file written by `save`; raises ModelError when it cannot be used."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            meta = json.loads(stored["meta"].tobytes().decode("utf-8"))
            coef = stored["coef"].astype(np.float32)
            intercept = stored["intercept"].astype(np.float32)
    except FileNotFoundError:
        raise ModelError(f"{path}: model file missing; rebuild the models with `socialguard-train`") from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ModelError(f"{path}: damaged model file ({exc})") from None
    if meta.get("format") != FORMAT_VERSION:
        raise ModelError(f"{path}: model format {meta.get('format')}, this version reads {FORMAT_VERSION}")
    if meta.get("features") != features.config():
        raise ModelError(f"{path}: built for other feature settings; rebuild the models with `socialguard-train`")
    if coef.shape != (len(meta["heads"]), features.N_FEATURES):
        expected = (len(meta["heads"]), features.N_FEATURES)
        raise ModelError(f"{path}: weights have shape {coef.shape}, expected {expected}")
    return LinearModel(meta["name"], tuple(meta["heads"]), np.ascontiguousarray(coef.T), intercept, meta)


@cache
def load(name: str) -> LinearModel:
    """The shipped model `name`, read once per process."""
    if name not in MODEL_NAMES:
        raise ModelError(f"unknown model {name!r}; shipped: {', '.join(MODEL_NAMES)}")
    return read(models_dir() / f"{name}.npz")
