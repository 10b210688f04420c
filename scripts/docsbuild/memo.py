"""The results of a tutorial's slow calls, kept between builds: an edit re-runs the rest fast.

Inside a docs kernel (not in a clean build), `toynn.fit` and `toynn.sweep` (`SLOW_CALLS`)
are wrapped. A call is keyed on everything that decides what it does: the function and
every argument (tensors and arrays by their bytes, a model by its class, repr, weights and
gradients; not its weights where the call draws them afresh from a seed, `REDRAWN`). A key
seen in an earlier run of the same tutorial, under the same library, lock file and build
settings (the folder is named by their digest, see `cache.environment_digest`), returns
what that call returned, and leaves behind what it left: the model it trained holds the
trained weights (the same tensors, updated in place). A call that raised, that drew from
a global random generator (torch's, numpy's or Python's, seeded afresh by each process
unless the tutorial seeds them, so never part of a key), or that gets an argument the key
cannot describe (a callable loss, a tensor off the CPU, an object of another kind) runs as
usual and is not kept.

Training on the CPU with one thread is bit for bit repeatable, so a kept result is the
result the call would compute again: every number on the page still comes from running
this code. Only `History.seconds` and `SweepResult.seconds` tell the earlier run's time.

Figures are kept too. A figure that a cell shows is keyed on the code of every cell up to
that one (`start_cell`) and its place among the cell's figures: the same code drew the same
figure, so its PNG and its drawings for each screen (see `screens`) come from the memo.
After an edit, a figure of a later cell is drawn, but its drawings are keyed on that PNG and
on what a new layout reads (sizes, texts, grids, `remembered_drawings`): an unchanged
figure is not laid out and drawn again for the desktop and the phone.

The executor deletes, after a successful run, the entries that run did not use.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import pickle
import random
import shutil
import tempfile
from pathlib import Path

MODULE = "toynn_docs_memo"  # this module's name in the kernel

FOLDER_VARIABLE = "TOYNN_DOCS_MEMO"
"""The environment variable naming a kernel's memo folder (unset: nothing is kept)."""

SLOW_CALLS = ("fit", "sweep")
"""The library functions whose results are kept."""

REDRAWN = {"fit": "seed"}
"""Calls that, given this keyword, first redraw their model's weights from it (`fit`'s
documented contract): the weights the model had are then not part of the key."""


class _Unkeyable(Exception):
    """An argument that the key cannot describe exactly."""


def _feed(h, value, weights: bool = True) -> None:
    """Feed `value` to the hash `h`, or raise `_Unkeyable`; `weights=False` leaves out
    the weights of the modules in it (their gradients stay in)."""
    import numpy as np
    import torch

    if value is None or isinstance(value, (bool, int, float, str, bytes, range)):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, torch.Tensor):
        if value.device.type != "cpu" or value.is_sparse:
            raise _Unkeyable(f"a tensor on {value.device}")
        h.update(f"tensor:{value.dtype}:{tuple(value.shape)}:{value.requires_grad};".encode())
        h.update(value.detach().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    elif isinstance(value, np.ndarray):
        if value.dtype == object:
            raise _Unkeyable("an array of objects")
        h.update(f"array:{value.dtype.str}:{value.shape};".encode())
        h.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, torch.nn.Module):
        h.update(f"module:{type(value).__module__}.{type(value).__qualname__}:{value!r}:"
                 f"{value.training};".encode())
        for name, tensor in value.state_dict(keep_vars=True).items():
            _feed(h, name)
            _feed(h, tensor if weights else f"{tensor.dtype}:{tuple(tensor.shape)}")
            _feed(h, getattr(tensor, "grad", None))
    elif isinstance(value, (list, tuple)):
        h.update(f"{type(value).__name__}:{len(value)}[".encode())
        for item in value:
            _feed(h, item, weights)
        h.update(b"]")
    elif isinstance(value, dict):
        h.update(f"dict:{len(value)}{{".encode())
        for key, item in value.items():
            _feed(h, key)
            _feed(h, item, weights)
        h.update(b"}")
    elif isinstance(value, torch.device):
        h.update(f"device:{value};".encode())
    else:
        raise _Unkeyable(f"a {type(value).__name__}")


def _global_rng_states() -> tuple:
    """torch's, numpy's and Python's generator states, comparable with `==`."""
    import numpy as np
    import torch

    kind, keys, *rest = np.random.get_state()
    return torch.get_rng_state().numpy().tobytes(), kind, keys.tobytes(), *rest, random.getstate()


def call_key(name: str, args: tuple, kwargs: dict) -> str | None:
    """The key of a call of `name` with these arguments now (None if it cannot be keyed)."""
    import torch

    h = hashlib.sha256()
    weights = kwargs.get(REDRAWN.get(name)) is None
    try:
        _feed(h, name)
        _feed(h, list(args), weights)
        _feed(h, dict(sorted(kwargs.items())), weights)
        _feed(h, [str(torch.get_default_dtype()), torch.get_num_threads()])
    except _Unkeyable:
        return None
    return h.hexdigest()


def _live_objects(args: tuple, kwargs: dict) -> list:
    """The arguments that a result may refer to, and a trained model's state lives in."""
    import numpy as np
    import torch

    live = []

    def walk(value) -> None:
        if isinstance(value, (torch.Tensor, np.ndarray, torch.nn.Module)):
            live.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(list(args))
    walk(list(kwargs.values()))
    return live


class _Pickler(pickle.Pickler):
    """Pickles a result with the call's arguments as references to them, not copies."""

    def __init__(self, file, live: list) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.ids = {id(value): index for index, value in enumerate(live)}

    def persistent_id(self, obj):
        return self.ids.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, live: list) -> None:
        super().__init__(file)
        self.live = live

    def persistent_load(self, index):
        return self.live[index]


def read_result(entry: Path):
    """The result kept in an entry of a slow call, its references to the call's arguments
    (the model, the data) left as None: for reading what it records, such as `seconds`."""

    class Nothing:
        def __getitem__(self, index):
            return None

    return _Unpickler(io.BytesIO(entry.read_bytes()), Nothing()).load()["result"]


def _module_states(live: list) -> list:
    """Each module argument's weights and gradients (what training changes in it)."""
    import torch

    return [
        {name: (tensor.detach().clone(),
                None if getattr(tensor, "grad", None) is None else tensor.grad.clone())
         for name, tensor in value.state_dict(keep_vars=True).items()}
        for value in live if isinstance(value, torch.nn.Module)
    ]


def _restore_modules(live: list, states: list) -> None:
    import torch

    modules = [value for value in live if isinstance(value, torch.nn.Module)]
    for module, state in zip(modules, states, strict=True):
        tensors = module.state_dict(keep_vars=True)
        with torch.no_grad():
            for name, (data, grad) in state.items():
                tensors[name].copy_(data)
                if isinstance(tensors[name], torch.nn.Parameter):
                    tensors[name].grad = grad


def _write(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _read(path: Path) -> bytes | None:
    """The bytes of an entry, marking it used (its time is what the executor keeps by)."""
    try:
        data = path.read_bytes()
        os.utime(path)
    except OSError:
        return None
    return data


def remembered(function, name: str, folder: Path):
    """`function`, whose results are kept in `folder` (see the module docstring)."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        key = call_key(name, args, kwargs)
        if key is None:
            return function(*args, **kwargs)
        path = folder / f"{name}-{key}.pickle"
        live = _live_objects(args, kwargs)
        data = _read(path)
        if data is not None:
            try:
                kept = _Unpickler(io.BytesIO(data), live).load()
            except Exception:  # a damaged entry is a miss
                path.unlink(missing_ok=True)
            else:
                _restore_modules(live, kept["modules"])
                return kept["result"]
        generators = _global_rng_states()
        result = function(*args, **kwargs)
        if _global_rng_states() != generators:  # it drew from generators the key leaves out
            return result
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, live).dump({"result": result, "modules": _module_states(live)})
        except Exception:  # a result that cannot be pickled is not kept
            return result
        _write(path, buffer.getvalue())
        return result

    return call


def prune(folder: Path, used_since: float) -> None:
    """Delete the entries of `folder` that no call used since `used_since` (a `time.time()`),
    and the folders of other environments beside it."""
    for entry in folder.glob("*"):
        if entry.is_file() and entry.stat().st_mtime < used_since:
            entry.unlink(missing_ok=True)
    for other in folder.parent.glob("*"):
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


def install(library) -> None:
    """Wrap `library`'s slow calls if the kernel has a memo folder (`FOLDER_VARIABLE`)."""
    folder = os.environ.get(FOLDER_VARIABLE)
    if not folder:
        return
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in SLOW_CALLS:
        function = getattr(library, name, None)
        if callable(function):
            setattr(library, name, remembered(function, name, folder))


_cell: dict = {"key": None, "shown": 0}  # the cell running now, and its figures so far
_shown: dict | None = None  # the figure last shown: its id, PNG, kept drawings, entry


def start_cell(key: str | None) -> None:
    """Called by the executor before each code cell: `key` digests the code of every cell
    up to this one. A cell with the same key in an earlier run showed the same figures."""
    _cell.update(key=key, shown=0)


def _figure_entry() -> Path | None:
    """The entry of the next figure the running cell shows (None without a memo)."""
    folder = os.environ.get(FOLDER_VARIABLE)
    if not folder or _cell["key"] is None:
        return None
    _cell["shown"] += 1
    return Path(folder) / f"figure-{_cell['key']}-{_cell['shown']}.json"


def keeping_pngs(print_figure):
    """`print_figure` (IPython's PNG formatter) that hands the PNG it made to the screens
    formatter, and that takes a figure a cell showed in an earlier run (same code up to
    it, see `start_cell`) from the memo instead of drawing it again."""

    @functools.wraps(print_figure)
    def keeping(fig, *args, **kwargs):
        global _shown
        entry = _figure_entry()
        kept = _read(entry) if entry is not None else None
        if kept is not None:
            try:
                found = json.loads(kept)
                _shown = {"id": id(fig), "png": found["png"], "drawings": found["drawings"],
                          "entry": None}
                return found["png"]
            except (ValueError, KeyError, TypeError):
                entry.unlink(missing_ok=True)
        data = print_figure(fig, *args, **kwargs)
        _shown = {"id": id(fig), "png": data, "drawings": None, "entry": entry}
        return data

    return keeping


def remembered_drawings(draw):
    """`draw(fig)`, for the figure just shown: kept with that figure (`keeping_pngs`), or
    in the memo under its PNG and what laying it out again reads. Without a memo folder,
    or for a figure not just shown, `draw(fig)`."""

    @functools.wraps(draw)
    def drawings(fig) -> dict:
        folder = os.environ.get(FOLDER_VARIABLE)
        if not folder or _shown is None or _shown["id"] != id(fig):
            return draw(fig)
        if _shown["drawings"] is not None:
            return _shown["drawings"]
        png = _shown["png"]
        h = hashlib.sha256(png if isinstance(png, bytes) else str(png).encode())
        h.update(json.dumps(_layout_inputs(fig)).encode())
        path = Path(folder) / f"drawings-{h.hexdigest()}.json"
        data = _read(path)
        drawn = None
        if data is not None:
            try:
                drawn = json.loads(data)
            except ValueError:
                path.unlink(missing_ok=True)
        if drawn is None:
            drawn = draw(fig)
            _write(path, json.dumps(drawn).encode())
        if _shown["entry"] is not None and isinstance(png, str):
            _write(_shown["entry"], json.dumps({"png": png, "drawings": drawn}).encode())
        return drawn

    return drawings


def _layout_inputs(fig) -> list:
    """What laying `fig` out again reads besides its pixels: its size, each axes' place in
    its grid and aspect, each text's string, size, wrapping and angle."""
    from matplotlib.text import Text

    found = [list(fig.get_size_inches()), fig.dpi, type(fig.get_layout_engine()).__name__]
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        grid = None if spec is None else [
            list(spec.get_gridspec().get_geometry()), spec.rowspan.start, spec.rowspan.stop,
            spec.colspan.start, spec.colspan.stop]
        found.append([type(ax).__name__, grid, str(ax.get_aspect()), list(ax.get_position().bounds),
                      ax.get_visible()])
    for text in fig.findobj(Text):
        found.append([text.get_text(), text.get_fontsize(), text.get_wrap(), text.get_rotation(),
                      text.get_visible()])
    return found
