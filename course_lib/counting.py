"""How big and how costly a network is: parameters, FLOPs and a per-layer table.

FLOPs come from PyTorch's own counter, :class:`torch.utils.flop_counter.FlopCounterMode`, which
reads the shapes of every matrix product and convolution as the forward pass runs. What it
counts, precisely:

- a **multiply-add counts as 2 FLOPs**. A convolution with ``C`` input channels, ``F``
  filters of ``k × k`` and an ``H_out × W_out`` output costs
  ``2 · H_out · W_out · F · (C / groups) · k · k`` FLOPs per image; a linear layer
  ``n_in → n_out`` costs ``2 · n_in · n_out``. Papers that count "operations" or
  "multiplications" usually count multiply-adds (MACs): ``macs = flops // 2``.
- only matrix products (``mm``, ``addmm``, ``bmm``, ``baddbmm``), convolutions and attention are
  counted. **Bias additions, activations (ReLU), batch norm, pooling, concatenation and the
  residual addition count 0**: they are a few operations per output value, against the
  ``C · k · k`` of a convolution, so they rarely matter (but see DenseNet's concatenations).
- positions where a filter overlaps zero padding are counted like any other.

The counts are computed on PyTorch's ``"meta"`` device when possible: tensors there have shapes
but no data, so counting a 138-million-parameter VGG takes milliseconds and no memory, and the
model's own weights are never touched (``torch.func.functional_call`` swaps in meta copies for
the pass). Models are counted in eval mode (GoogLeNet's auxiliary classifiers, for example, only
run in training mode), and put back in the mode they were in.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

__all__ = ["count_params", "count_flops", "layer_table"]


def count_params(model: nn.Module, trainable_only: bool = False) -> int:
    """Number of parameters (weights and biases) of ``model``; a parameter shared by several
    layers is counted once. Buffers (batch norm's running mean and variance) are not parameters.

    ``trainable_only=True`` counts only those with ``requires_grad`` (not frozen ones).
    """
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def _example_input(model: nn.Module, input_shape_or_tensor, meta: bool) -> torch.Tensor:
    if isinstance(input_shape_or_tensor, torch.Tensor):
        x = input_shape_or_tensor
        return x.to("meta") if meta else x
    if not isinstance(input_shape_or_tensor, Sequence) or not all(
        isinstance(s, int) for s in input_shape_or_tensor
    ):
        raise TypeError(
            "expected an input tensor or a shape such as (1, 3, 224, 224), "
            f"got {input_shape_or_tensor!r}"
        )
    first = next(model.parameters(), None)
    dtype = first.dtype if first is not None and first.is_floating_point() else torch.float32
    device = "meta" if meta else (first.device if first is not None else "cpu")
    return torch.zeros(tuple(input_shape_or_tensor), dtype=dtype, device=device)


def _forward_counted(model: nn.Module, input_shape_or_tensor, hooks: bool = False):
    """Run one counted forward pass in eval mode, on the meta device if it works.

    Returns ``(counter, output shapes by module name)``; the shapes are recorded only when
    ``hooks`` is true.
    """
    shapes: dict[str, object] = {}
    handles = []
    if hooks:
        for name, module in model.named_modules():
            handles.append(module.register_forward_hook(_shape_hook(shapes, name)))
    was_training = model.training
    model.eval()
    try:
        try:
            counter = FlopCounterMode(display=False)
            x = _example_input(model, input_shape_or_tensor, meta=True)
            state = {
                **{k: torch.empty_like(v, device="meta") for k, v in model.named_parameters()},
                **{k: torch.empty_like(v, device="meta") for k, v in model.named_buffers()},
            }
            with counter, torch.no_grad():
                torch.func.functional_call(model, state, (x,))
        except (NotImplementedError, RuntimeError):
            # an operator without a meta kernel, or a forward that reads values: run for real
            shapes.clear()
            counter = FlopCounterMode(display=False)
            x = _example_input(model, input_shape_or_tensor, meta=False)
            with counter, torch.no_grad():
                model(x)
    finally:
        model.train(was_training)
        for handle in handles:
            handle.remove()
    return counter, shapes


def _shape_hook(shapes: dict, name: str):
    def hook(module, inputs, output):
        shapes[name] = _shape_of(output)

    return hook


def _shape_of(output):
    if isinstance(output, torch.Tensor):
        return tuple(output.shape)
    if isinstance(output, (tuple, list)):
        return tuple(_shape_of(o) for o in output)
    if hasattr(output, "_asdict"):  # a namedtuple, e.g. GoogLeNet's outputs in training mode
        return _shape_of(tuple(output))
    return type(output).__name__


def count_flops(model: nn.Module, input_shape_or_tensor) -> int:
    """FLOPs of one forward pass of ``model`` on an input of the given shape (batch included,
    e.g. ``(1, 3, 224, 224)`` for one ImageNet image) or on the given tensor.

    Counted by PyTorch's ``FlopCounterMode``: a **multiply-add counts as 2 FLOPs**, so the
    multiply-adds (MACs, the "operations" of many papers) are ``count_flops(...) // 2``. Only
    convolutions, matrix products and attention are counted; bias additions, activations,
    normalisation, pooling and additions count 0 (see the module's docstring). The pass runs
    in eval mode on the meta device (no data, no memory) when the model allows it, else for
    real on the model's device; the model is left as it was.
    """
    counter, _ = _forward_counted(model, input_shape_or_tensor)
    return int(counter.get_total_flops())


def layer_table(
    model: nn.Module, input_shape, depth: int | None = None, total: bool = True
) -> pd.DataFrame:
    """One row per layer of ``model``: ``name``, ``type``, ``output shape``, ``params``, ``flops``.

    - ``depth=None``: one row per leaf module (a module without children), plus a row for any
      module with parameters or counted operations of its own outside its children (its
      forward may call ``torch.matmul`` itself, say), so that nothing is lost.
    - ``depth=d``: rows grouped by the first ``d`` parts of their names (``depth=1``: one row
      per top-level child such as ``layer1`` of a ResNet), their numbers summed.
    - ``total=True`` appends a row named ``total``: its ``params`` equal :func:`count_params`
      and its ``flops`` :func:`count_flops` (the rows above it add up to them exactly).

    ``output shape`` includes the batch dimension; it is ``None`` for a module the forward pass
    never called (GoogLeNet's auxiliary classifiers in eval mode, for instance). FLOPs are
    counted as in :func:`count_flops` (2 per multiply-add; bias, activations and pooling 0).
    """
    if depth is not None and depth < 1:
        raise ValueError(f"depth must be at least 1 (or None for leaf modules), got {depth}")
    counter, shapes = _forward_counted(model, input_shape, hooks=True)
    counts = {k: sum(v.values()) for k, v in counter.get_flop_counts().items()}
    prefix = type(model).__name__

    def key(name: str) -> str:  # FlopCounterMode names modules "ResNet.layer1.0.conv1"
        return f"{prefix}.{name}" if name else prefix

    modules = dict(model.named_modules())
    seen: set[int] = set()
    rows = []
    for name, module in modules.items():
        own_params = 0
        for p in module.parameters(recurse=False):
            if id(p) not in seen:
                seen.add(id(p))
                own_params += p.numel()
        children = [f"{name}.{c}" if name else c for c, _ in module.named_children()]
        own_flops = counts.get(key(name), 0) - sum(counts.get(key(c), 0) for c in children)
        if not children or own_params or own_flops:
            rows.append(
                {
                    "name": name or "(model)",
                    "type": type(module).__name__,
                    "output shape": shapes.get(name),
                    "params": own_params,
                    "flops": own_flops,
                }
            )
    table = pd.DataFrame(rows, columns=["name", "type", "output shape", "params", "flops"])
    outside = int(counter.get_total_flops()) - int(table["flops"].sum())
    if outside:  # operations the module names did not catch (a module shared between parents)
        row = {"name": "(other)", "type": "", "output shape": None, "params": 0, "flops": outside}
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    if depth is not None:
        table = _group(table, modules, shapes, depth)
    table["params"] = table["params"].astype(int)
    table["flops"] = table["flops"].astype(int)
    if total:
        row = {
            "name": "total",
            "type": prefix,
            "output shape": shapes.get(""),
            "params": int(table["params"].sum()),
            "flops": int(table["flops"].sum()),
        }
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    return table


def _group(table: pd.DataFrame, modules: dict, shapes: dict, depth: int) -> pd.DataFrame:
    def head(name: str) -> str:
        if name.startswith("("):
            return name
        return ".".join(name.split(".")[:depth])

    groups = table.assign(group=table["name"].map(head))
    summed = groups.groupby("group", sort=False)[["params", "flops"]].sum().reset_index()
    summed = summed.rename(columns={"group": "name"})
    summed.insert(1, "type", [_type_of(modules, n) for n in summed["name"]])
    summed.insert(
        2, "output shape", [shapes.get("" if n == "(model)" else n) for n in summed["name"]]
    )
    return summed


def _type_of(modules: dict, name: str) -> str:
    if name == "(model)":
        return type(modules[""]).__name__
    module = modules.get(name)
    return type(module).__name__ if module is not None else ""
