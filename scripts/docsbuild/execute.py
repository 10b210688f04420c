"""Execute a Jupytext tutorial in a fresh ipykernel and return the executed notebook.

The pipeline is jupytext (percent `.py` → notebook) → nbclient (one kernel per tutorial,
cells in order, `allow_errors=False`; at each Markdown cell, the values of its `{{ }}`
placeholders, see `prose`) → a few normalisations that make outputs repeatable.
Several tutorials can run at once (`execute_many`), each in its own kernel. The executed
notebook records its run (source, cache key, seconds, versions, placeholder values) in
its metadata, under `cache.METADATA`, ready to be stored as a cache entry.

The kernel:

- is this interpreter (`sys.executable -m ipykernel_launcher`), whatever kernelspecs exist;
- imports the library from the project folder (`PYTHONPATH=<root>`), so a build of a copy
  of the project runs that copy's library;
- starts in an empty scratch folder, `.cache/docs/work/<stem>/`, emptied before each run;
- gets one thread for torch/BLAS (`OMP_NUM_THREADS` and friends), `PYTHONHASHSEED=0`,
  `TQDM_DISABLE=1`, and private IPython/Jupyter/matplotlib config folders, so a
  contributor's personal settings cannot change the published outputs;
- runs `screens.py`, `memo.py` and `kernel_startup.py` silently before the first cell (how
  figures are encoded and drawn for each screen, and the memo);
- outside a clean build, keeps its slow calls' results and its figures in
  `.cache/docs/memo/<stem>/` between runs (see `memo`), and says which code precedes each
  cell (`memo.start_cell`).
"""

from __future__ import annotations

import ast
import asyncio
import copy
import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from . import figures, memo, prose, screens
from .cache import METADATA, cell_inputs, environment_digest
from .settings import PACKAGE, Settings
from .tutorial import Tutorial, TutorialError

# `screens.py` and `memo.py` become modules of the kernel (registered before they run: their
# dataclasses look themselves up), then `kernel_startup.py` runs; none leaves a name behind.
STARTUP_CODE = "import sys as _sys, types as _types\n" + "".join(
    f"""_sys.modules[{module.MODULE!r}] = _types.ModuleType({module.MODULE!r})
exec(compile({Path(module.__file__).read_text(encoding="utf-8")!r}, {Path(module.__file__).name!r},
             "exec"), _sys.modules[{module.MODULE!r}].__dict__)
""" for module in (screens, memo)) + """del _sys, _types
""" + Path(__file__).with_name("kernel_startup.py").read_text(encoding="utf-8")

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Reprs of matplotlib artists, and of any object that shows its memory address.
_ARTIST_REPR = re.compile(
    r"Text\(-?[\d.e+-]+, -?[\d.e+-]+, (?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\)"
    r"|<Axes(?:3D)?: [^>\n]*>"
    r"|<[\w.]+(?: object)? at 0x[0-9a-fA-F]+>"
)
_CELL_MARKER = re.compile(r"^# %%")


class _ThisPythonKernelManager(AsyncKernelManager):
    """Start `python -m ipykernel_launcher` with the interpreter running the build."""

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            argv=[
                sys.executable,
                "-Xfrozen_modules=off",
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
            ],
            display_name="Python 3 (ipykernel)",
            language="python",
            metadata={"debugger": False},
        )


def cell_start_lines(source: str, n_cells: int) -> list[int | None]:
    """Line (1-based) where each cell of a percent-format file starts, if it can be told."""
    markers = [i + 1 for i, line in enumerate(source.splitlines()) if _CELL_MARKER.match(line)]
    if len(markers) == n_cells:
        return list(markers)
    if len(markers) == n_cells - 1:  # text before the first marker is a cell of its own
        return [1, *markers]
    return [None] * n_cells


def kernel_env(settings: Settings, memo_folder: Path | None = None) -> dict[str, str]:
    """Environment of a docs kernel (see the module docstring), with its memo folder."""
    home = settings.cache_dir / "kernel-home"
    for sub in ("matplotlib", "ipython", "jupyter"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    threads = str(settings.threads)
    env = dict(os.environ)
    path = [str(settings.root)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env.update(
        PYTHONPATH=os.pathsep.join(path),
        OMP_NUM_THREADS=threads,
        MKL_NUM_THREADS=threads,
        OPENBLAS_NUM_THREADS=threads,
        PYTHONHASHSEED="0",
        TQDM_DISABLE="1",
        MPLBACKEND="module://matplotlib_inline.backend_inline",
        MPLCONFIGDIR=str(home / "matplotlib"),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter"),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    env.pop(memo.FOLDER_VARIABLE, None)
    if memo_folder is not None:
        env[memo.FOLDER_VARIABLE] = str(memo_folder)
    return env


def _is_artist_value(output: nbformat.NotebookNode) -> bool:
    if output.output_type != "execute_result" or set(output.get("data", {})) != {"text/plain"}:
        return False
    text = output["data"]["text/plain"]
    residue = _ARTIST_REPR.sub("", text)
    return residue != text and not residue.strip(" \n[](),")


def normalize(nb: nbformat.NotebookNode) -> None:
    """Drop the values of cells that end in a plotting call.

    `ax.plot(...)` or `ax.set_title(...)` on a cell's last line makes Jupyter show the
    returned artists: `[<matplotlib.lines.Line2D at 0x7f...>]` (a memory address, so it
    differs on every run) or `Text(0.5, 1.0, 'Loss')`. Such values are noise, and are
    dropped, as sphinx-gallery's `ignore_repr_types` does; so is any value whose repr is
    only objects with memory addresses. Printed output, figures and other values are kept.
    """
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [out for out in cell.outputs if not _is_artist_value(out)]


def _error_text(cell: nbformat.NotebookNode, fallback: str) -> str:
    for out in cell.get("outputs", []):
        if out.output_type == "error":
            return _ANSI.sub("", "\n".join(out.traceback))
    return _ANSI.sub("", fallback)


async def _silent(client: NotebookClient, code: str, **user_expressions: str) -> dict:
    """Run `code` without output or history; return the values of `user_expressions`."""
    reply = await client.kc.execute(
        code,
        silent=True,
        store_history=False,
        user_expressions=user_expressions,
        reply=True,
        timeout=client.timeout,
    )
    content = reply["content"]
    if content["status"] != "ok":
        raise TutorialError(
            f"kernel start-up code failed: {content.get('ename')}: {content.get('evalue')}"
        )
    return content.get("user_expressions", {})


_VERSION_EXPR = "getattr(__import__('sys').modules.get({!r}), '__version__', None)"
_VERSIONED = (PACKAGE, "torch")  # the libraries whose versions the provenance line names


async def _prose_values(client: NotebookClient, position: int, found, where: str) -> dict:
    """The filled text of a Markdown cell's placeholders, evaluated in the kernel now."""
    codes = {f"p{i}": placeholder.code for i, placeholder in enumerate(found)}
    results = await _silent(client, "", **codes)
    values = {}
    for (name, _), placeholder in zip(codes.items(), found):
        result = results[name]
        if result.get("status") != "ok":
            raise TutorialError(f"{where}: placeholder {placeholder}: "
                                f"{result.get('ename')}: {result.get('evalue')}")
        text = result["data"]["text/plain"]
        values[prose.value_key(position, placeholder)] = ast.literal_eval(text)
    return values


def _code_digests(nb: nbformat.NotebookNode) -> list[str | None]:
    """For each cell, a digest of the code of every code cell up to it (None for Markdown
    cells): what `memo.start_cell` keys a cell's figures on."""
    h, digests = hashlib.sha256(), []
    for cell in nb.cells:
        if cell.cell_type != "code":
            digests.append(None)
            continue
        h.update(json.dumps(cell_inputs(cell)).encode())
        digests.append(h.copy().hexdigest())
    return digests


async def _run(client: NotebookClient, nb, where, settings: Settings, *, env, log):
    """Start the kernel, run the start-up code and every cell, fill the prose's placeholders.

    Returns the library versions and the placeholders' values (see `prose`).
    """
    digests = _code_digests(nb) if env.get(memo.FOLDER_VARIABLE) else [None] * len(nb.cells)
    values: dict[str, str] = {}
    async with client.async_setup_kernel(env=env, stdout=log, stderr=log):
        info = await client.kc.kernel_info(reply=True, timeout=client.timeout)
        nb.metadata.language_info = info["content"]["language_info"]
        await _silent(client, STARTUP_CODE)
        for index, (cell, (position, found)) in enumerate(zip(nb.cells, prose.positions(nb))):
            if found:
                values.update(await _prose_values(client, position, found, where(index)))
                continue
            if cell.cell_type != "code":
                continue
            if digests[index] is not None:
                await _silent(client, f"__import__({memo.MODULE!r}).start_cell({digests[index]!r})")
            try:
                await client.async_execute_cell(
                    cell, index, execution_count=client.code_cells_executed + 1
                )
            except CellTimeoutError:
                raise TutorialError(
                    f"{where(index)}: still running after the per-cell timeout of "
                    f"{settings.timeout} s (TOYNN_DOCS_TIMEOUT)"
                ) from None
            except DeadKernelError as err:
                raise TutorialError(
                    f"{where(index)}: the kernel died ({err}); see {log.name}"
                ) from None
            except CellExecutionError as err:
                if err.ename == "ClaimWarning":  # the prose says something the run disproves
                    raise TutorialError(f"{where(index)}: {err.evalue}") from None
                raise TutorialError(
                    f"{where(index)} raised {err.ename}: {err.evalue}\n"
                    f"{_error_text(cell, str(err))}"
                ) from None
        versions = await _silent(
            client, "", **{name: _VERSION_EXPR.format(name) for name in _VERSIONED}
        )
    return versions, values


def memo_folder(tutorial: Tutorial, settings: Settings, environment: str) -> Path | None:
    """Where `tutorial`'s kernel keeps its slow calls' results (see `memo`); None in a clean
    build, which computes everything afresh."""
    if settings.clean:
        return None
    return settings.cache_dir / "memo" / tutorial.stem / environment[:16]


async def execute(tutorial: Tutorial, settings: Settings,
                  environment: str | None = None) -> nbformat.NotebookNode:
    """Execute `tutorial.text` and return the executed notebook.

    `environment` (`cache.environment_digest`) names the memo folder; without it, or in a
    clean build, nothing is kept between runs.

    Raises:
        TutorialError: A cell raised, exceeded `settings.timeout`, or the kernel died.
    """
    label = tutorial.label
    nb = copy.deepcopy(tutorial.source)  # exactly the code its cache key was made from
    lines = cell_start_lines(tutorial.text, len(nb.cells))
    workdir = settings.cache_dir / "work" / tutorial.stem
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    kernel_log = workdir.with_suffix(".kernel.log")  # the kernel process's own chatter
    client = NotebookClient(
        nb,
        timeout=settings.timeout,
        allow_errors=False,
        record_timing=False,
        shutdown_kernel="immediate",  # its outputs are in; nothing is left to wait for
        kernel_name="python3",
        kernel_manager_class=_ThisPythonKernelManager,
        resources={"metadata": {"path": str(workdir)}},
    )

    def where(index: int) -> str:
        line = f", line {lines[index]}" if lines[index] else ""
        return f"{label}: cell {index + 1}{line}"

    memo_at = memo_folder(tutorial, settings, environment) if environment else None
    start, started = time.perf_counter(), time.time()
    with kernel_log.open("wb") as log:
        try:
            found, values = await _run(client, nb, where, settings,
                                       env=kernel_env(settings, memo_at), log=log)
        except RuntimeError as err:  # raised by jupyter_client when the kernel won't start
            raise TutorialError(f"{label}: the kernel failed ({err}); see {kernel_log}") from None
    seconds = time.perf_counter() - start
    if memo_at is not None:
        memo.prune(memo_at, used_since=started)
    normalize(nb)
    figures.compact_images(nb)
    nb.metadata[METADATA] = {
        "source": label,
        "cache_key": tutorial.key,
        "seconds": round(seconds, 2),
        "versions": {name: _literal(found.get(name, {})) for name in _VERSIONED},
        "values": values,
    }
    return nb


def _literal(expression_result: dict) -> str | None:
    text = expression_result.get("data", {}).get("text/plain", "None")
    return None if text == "None" else text.strip("'\"")


async def _bounded(semaphore: asyncio.Semaphore, tutorial: Tutorial, settings: Settings,
                   environment: str):
    async with semaphore:
        return await execute(tutorial, settings, environment)


def execute_many(
    tutorials: Sequence[Tutorial], settings: Settings
) -> list[nbformat.NotebookNode | TutorialError]:
    """Execute `tutorials`, in that order, at most `settings.jobs` kernels at a time.

    Returns one result per tutorial, in order: the executed notebook, or the
    `TutorialError` it raised (all run to the end so that one failure reports every
    broken tutorial).
    """
    if not tutorials:
        return []

    environment = environment_digest(settings)

    async def main():
        semaphore = asyncio.Semaphore(settings.jobs)
        return await asyncio.gather(
            *(_bounded(semaphore, tutorial, settings, environment) for tutorial in tutorials),
            return_exceptions=True,
        )

    results = asyncio.run(main())
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, TutorialError):
            raise result
    return results
