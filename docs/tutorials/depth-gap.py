# %% [markdown]
# # Going further: the gap in the depth argument
#
# You will learn where the argument of [Depth](../depth/) could fail, whether trained
# nets go there, and why it still holds: a theorem closes the gap. Read [Depth](../depth/)
# first; this page retrains its width-2 nets and looks at them more closely. It is for the
# curious: nothing later on the path needs it.
#
# The depth page argued that a [hidden layer](../../glossary/#hidden-layer) of two units
# maps the plane one-to-one into a plane, so a loop around the disc stays around it. That
# needs every layer's weight matrix to be invertible and every
# [sigmoid](../../glossary/#sigmoid) to be exactly one-to-one. Trained nets need not
# oblige.

# %% tags=["knobs"]
DATA_SEED = 100  # the rings of the Two rings page
POINTS_PER_CLASS = 250  # the sweeps train on a quarter of the points
SEEDS = list(range(100))  # initial weights: one model per seed and depth
DEPTHS = [1, 2, 3, 4]  # hidden layers of the width-2 nets
LR = 1e-2
EPOCHS = 2_000

# %%
import math

import matplotlib.pyplot as plt
import torch

import toynn

n_seeds = len(SEEDS)
X, y = toynn.make_rings(1000, seed=DATA_SEED)  # all the points: for evaluation
X_sweep, y_sweep = toynn.make_rings(POINTS_PER_CLASS, seed=DATA_SEED)
deeper = toynn.sweep(X_sweep, y_sweep, widths=[2], depth=DEPTHS, seeds=SEEDS,
                     loss="bce", lr=LR, epochs=EPOCHS)
accuracy = deeper.accuracy(X, y)  # one row per depth, one column per seed
around = torch.linspace(0, 2 * math.pi, 2001)
circle = torch.stack([around.cos(), around.sin()], dim=1)  # the unit circle
n_deep = deeper.final_losses.numel()


def layer_ratio(layer):
    """s_min / s_max of the layer's W: 1 if orthogonal, 0 if singular."""
    singular_values = torch.linalg.svdvals(layer.weight.detach())
    return (singular_values.min() / singular_values.max()).item()


def singular_ratio(model):
    """The smallest layer_ratio of the hidden layers after the first."""
    return min(layer_ratio(layer) for layer in model.hidden_layers[1:])


# %% [markdown]
# ## Two ways through
#
# The argument needs every layer to be one-to-one. Two things can break that:
#
# - a **singular** weight matrix, $\det W = 0$, collapses the plane onto a line, so that
#   points from both sides of that line land on the same points;
# - [saturation](../../glossary/#saturation): mathematically the sigmoid is one-to-one, but in 32-bit floats
#   $\sigma(z)$ rounds to exactly 1 once $z$ is above about 16.6, so points whose
#   units are all saturated land on the same corner.
#
# Do trained nets go there? For every run of depth 2 and more we measure how close its
# layers come to singular, by the ratio of the smallest to the largest singular value of
# each $W$ after the first (1 when $W$ only rotates and scales the plane, 0 when it is
# singular), and whether some unit is exactly 0 or 1 on any of the 2000 points.

# %%
z = torch.linspace(10, 20, 10_001)
rounds_to_one = z[torch.sigmoid(z) == 1][0].item()
print(f"sigmoid(z) rounds to 1.0 in float32 from z = {rounds_to_one:.2f}")
z_64 = torch.linspace(30, 40, 10_001, dtype=torch.float64)
rounds_to_one_64 = z_64[torch.sigmoid(z_64) == 1][0].item()
near_singular, saturating = [], []
for depth in deeper.depths[1:]:
    models = [deeper.model(2, s, depth=depth) for s in SEEDS]
    near_singular.append(sum(singular_ratio(m) < 0.01 for m in models))
    with torch.no_grad():
        saturating.append(sum(
            bool(torch.isin(torch.cat(m.hidden(X), dim=1),
                            torch.tensor([0.0, 1.0])).any()) for m in models))
    print(f"depth {depth}: a ratio below 0.01 in {near_singular[-1]} runs, "
          f"a unit at exactly 0 or 1 in {saturating[-1]}")

# %% tags=["claims"]
singular_least, singular_most = min(near_singular), max(near_singular)
saturating_least, saturating_most = min(saturating), max(saturating)
toynn.check_claim(singular_least > n_seeds / 4,
                  "at every depth, many runs have a layer within 1 % of "
                  "singular")
toynn.check_claim(saturating_least > n_seeds / 4,
                  "at every depth, many runs saturate a unit exactly on some "
                  "points")

# %% [markdown]
# They go there all the time. At every depth, between {{ singular_least }} and
# {{ singular_most }} of the {{ n_seeds }} runs have a layer within 1 % of singular, and
# between {{ saturating_least }} and {{ saturating_most }} saturate a unit exactly on some
# points. So the loophole is open. Did any run get through it, with a disc region that
# the ring closes off? On circles around the disc, inside the ring, in the middle of the ring and far outside it,
# we count the runs that predict "disc" nowhere on the circle: such a circle would fence
# the disc's region in.

# %%
radii = [2.0, 3.5, 10.0, 30.0]
fenced, leak = [], []
with torch.no_grad():
    for depth in deeper.depths:
        models = [deeper.model(2, s, depth=depth) for s in SEEDS]
        shares = torch.tensor([[(m(r * circle) < 0).float().mean().item()
                                for r in radii] for m in models])
        fenced.append(int((shares == 0).any(dim=1).sum()))
        leak.append(shares[:, 1].min().item())
        print(f"depth {depth}: {fenced[-1]} runs fenced in; the narrowest "
              f"leak covers {leak[-1]:.1%} of the circle")

# %% tags=["claims"]
leak_1, leak_deepest = leak[0], leak[-1]
toynn.check_claim(sum(fenced) == 0, "no run fences the disc in")
toynn.check_claim(leak_deepest < leak_1,
                  "the narrowest leak is narrower at the greatest depth than "
                  "at depth 1")

# %% [markdown]
# None of the {{ n_deep }} runs closed the disc's region off: every one predicts "disc"
# on part of every circle, out to radius {{ radii[-1]:.0f }}. The region leaks out through
# the ring, as if every layer were one-to-one. What depth changed is the width of the
# leak: the narrowest one covers {{ leak_deepest:.1%}} of the circle through the ring at
# depth {{ DEPTHS[-1] }}, against {{ leak_1:.1%}} at depth 1, and a narrower leak lets
# fewer ring points through.
#
# That the loophole does not lead anywhere is a theorem. Jesse Johnson
# (["Deep, Skinny Neural Networks are not Universal Approximators"](https://arxiv.org/abs/1810.00393),
# ICLR 2019) proved that for nets whose layers are no wider than the input, with
# activations that can be approximated by one-to-one functions (the sigmoid, tanh, ReLU),
# every decision region is unbounded, whatever the depth. Singular layers are limits of
# one-to-one ones: a collapse can pinch the leak narrower, it cannot close it. Rounding to
# exactly 1 lies outside the theorem's exact arithmetic, and the count above is our
# evidence that training did not get through that way either. Finally, a finite sample
# can hide a leak narrower than the gaps between the sampled ring points; but no run here
# got every training point right.
#
# Here is the most accurate run of depth 2 or more, next to the most accurate run of
# depth 1: the decision regions, far beyond the data, and then its layers.

# %%
best_depth, best_seed = max(
    ((depth, s) for depth in deeper.depths[1:] for s in SEEDS),
    key=lambda pair: accuracy[deeper.depths.index(pair[0]),
                              SEEDS.index(pair[1])].item())
best = deeper.model(2, best_seed, depth=best_depth)
shallow_seed = SEEDS[int(accuracy[0].argmax())]
shallow = deeper.model(2, shallow_seed, depth=1)
fig, axes = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
pairs = [(1, shallow_seed), (best_depth, best_seed)]
for ax, net, (depth, seed) in zip(axes, [shallow, best], pairs):
    # margin=0.75: the view reaches 0.75 of the data's extent beyond it
    toynn.plot_decision_regions(net, X, y, margin=0.75, ax=ax)
    hit = accuracy[deeper.depths.index(depth), SEEDS.index(seed)]
    ax.set_title(f"depth {depth}, seed {seed}: accuracy {hit:.1%}")
print(f"best run: depth {best_depth}, seed {best_seed}, singular-value "
      f"ratio {singular_ratio(best):.1e}")
train_right = deeper.accuracy(X_sweep, y_sweep)
print(f"of the points they trained on, no run gets more than "
      f"{train_right.max():.1%} right")

# %% tags=["claims"]
best_ratio = singular_ratio(best)
toynn.check_claim(best_ratio < 0.01,
                  "the most accurate deeper run has a layer within 1 % of "
                  "singular")
toynn.check_claim(train_right.max().item() < 1,
                  "every run misses some of the points it trained on")

# %% [markdown]
# Both regions leak out through the ring. The best deeper run, more accurate, has a
# layer whose singular-value ratio is {{ best_ratio:.1e }}: it uses the collapse. Its
# layers show how:

# %%
fig = toynn.plot_layers(best, X, y, loop=3.5 * circle, labels=["disc", "ring"])
fig.suptitle(f"Width 2, depth {best_depth}, seed {best_seed}: the plane after "
             f"each layer")

# %% [markdown]
# The nearly singular layer squashes the plane onto what is nearly a line: the loop
# becomes a sliver too thin to see, and from there on the net works with one number per
# point, its position along that line. That number is a weighted sum of the units before
# it, $s = u \cdot h$, with $u$ the direction that the nearly singular layer keeps. If the
# rest of the net only cuts $s$ once, the deep net is a shallower net in disguise: the
# layers before the collapse, and an output that computes $s$ minus a threshold. We check
# it by building that net and comparing:

# %%
layer_ratios = [layer_ratio(layer) for layer in best.hidden_layers[1:]]
collapse = 1 + layer_ratios.index(min(layer_ratios))  # the collapsing layer
with torch.no_grad():
    h = best.hidden(X)[collapse - 1]
    u = torch.linalg.svd(best.hidden_layers[collapse].weight).Vh[0]
    along = h @ u  # one number per point
    disc_side = best(X) < 0
    sign = 1.0 if along[disc_side].mean() > along[~disc_side].mean() else -1.0
    cut = (sign * along[disc_side]).min() + (sign * along[~disc_side]).max()
    layers = [(layer.weight.detach(), layer.bias.detach())
              for layer in best.hidden_layers[:collapse]]
    twin = toynn.MLP.from_weights(layers, (-100 * sign * u, 50 * cut.item()))
    agree = ((twin(X) < 0) == disc_side).float().mean().item()
collapsing_layer = collapse + 1
print(f"layer {collapsing_layer} collapses (ratio {min(layer_ratios):.1e})")
print(f"{twin}\npredicts the same class on {agree:.2%} of the points")

# %% tags=["claims"]
toynn.check_claim(agree > 0.99,
                  "the most accurate deeper run is a shallower net in "
                  "disguise")
before_collapse = ("its first layer" if collapse == 1
                   else f"its first {collapse} layers")

# %% [markdown]
# With this seed, layer {{ collapsing_layer }} collapses, and the net made of
# {{ before_collapse }} and a line on $s$ classifies {{ agree:.2%}} of the points the same
# way as the whole net. The
# collapse did not give the deep net a new kind of region, only a different route to one
# that a shallower net can draw. Either way, a width-2 net of any depth ends up with a
# region like one of these.
#


# %% [markdown]
# ## Summary
#
# - The depth argument needs every layer to be one-to-one; nearly singular layers and
#   units rounded to exactly 0 or 1 break that, and trained nets have both all the time.
# - Still, no run fenced the disc in: a theorem (Johnson, 2019) says every decision region
#   of such a net is unbounded, and a collapse can only pinch the leak narrower.
# - The most accurate deep run used a collapse, and is a shallower net in disguise.
#
# ## Try this
#
# 1. **64-bit floats.** Rounding to exactly 0 or 1 is an effect of 32-bit floats. In
#    64-bit floats, do the runs still saturate a unit exactly? Predict, then open.
#    <details><summary>Answer</summary>
#    Fewer do, but at every depth some still do: training drives their units beyond
#    $z$ = {{ rounds_to_one_64:.1f }}, where float64's sigmoid rounds to 1 too. Saturation
#    is not only an artefact of the precision.
#    </details>

# %% tags=["answer"]
with torch.no_grad():
    saturating_64 = [sum(
        bool(torch.isin(torch.cat(m.double().hidden(X.double()), dim=1),
                        torch.tensor([0.0, 1.0], dtype=torch.float64)).any())
        for m in [deeper.model(2, s, depth=depth) for s in SEEDS])
        for depth in deeper.depths[1:]]
print(f"a unit at exactly 0 or 1, per depth from 2: float32 {saturating}, "
      f"float64 {saturating_64}")

# %% tags=["claims"]
toynn.check_claim(all(b < a for a, b in zip(saturating, saturating_64)),
                  "in float64, fewer runs saturate a unit exactly")
toynn.check_claim(min(saturating_64) > 0,
                  "in float64, at every depth some runs still saturate a unit "
                  "exactly")
