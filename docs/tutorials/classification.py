# %% [markdown]
# # Two rings: why two units fail
#
# [Training: loss and gradient descent](../training/) ended with a short run of a
# two-unit network that barely beat guessing. Here we train longer, at several
# [widths](../../glossary/#width), and find a jump: two hidden
# [units](../../glossary/#unit) never separate the rings, three do. You will learn to
# read a network's [decision regions](../../glossary/#decision-region), to watch them
# form during training, and why two lines cannot enclose the disc while three can. Read
# [A network built by hand](../by-hand/) and [Training](../training/) first.

# %% tags=["knobs"]
DATA_SEED = 100  # the points
SEED = 0  # initial weights of every model
LUCK_SEEDS = list(range(10))  # seeds of the check that the jump isn't luck
EPOCHS = 10_000  # full-batch Adam steps of the main runs
LR = 1e-3
WIDTHS = [1, 2, 3, 5]  # hidden units of the width sweep
SNAPSHOTS = 50  # weights kept during each run, for the figures that scrub
RELU_WIDTHS = [2, 3, 4, 6]  # widths tried in the exercise

# %%
import matplotlib.pyplot as plt
import torch

import toynn

X, y = toynn.make_rings(1000, seed=DATA_SEED)  # the rings of the pages before

# %% [markdown]
# ## How wide must the hidden layer be?
#
# Same data, same [seed](../../glossary/#seed), a smaller
# [learning rate](../../glossary/#learning-rate) than the first run and many more
# [epochs](../../glossary/#epoch), for each width of the
# [hidden layer](../../glossary/#hidden-layer). Next to the [loss](../../glossary/#loss),
# the [accuracy](../../glossary/#accuracy): the share of points on the right side of
# $p = 0.5$.

# %% tags=["headline"]
histories = {
    width: toynn.fit(toynn.MLP(2, width=width), X, y, loss="bce", lr=LR,
                     epochs=EPOCHS, seed=SEED, snapshots=SNAPSHOTS)
    for width in WIDTHS
}
accuracy = {
    width: ((h.model.predict_proba(X) > 0.5) == y).float().mean().item()
    for width, h in histories.items()
}
for width, history in histories.items():
    print(f"width {width}: loss {history.losses[0]:.3f} -> "
          f"{history.final_loss:.4f}, accuracy {accuracy[width]:.1%}")
ax = toynn.plot_losses(list(histories.values()), log=True)
ax.set_title(f"Loss curves, lr = {LR:g}")

# %%
final = {width: h.final_loss for width, h in histories.items()}
wrong = {width: 1 - accuracy[width] for width in WIDTHS}
jump = final[2] / final[3]
print(f"Going from 2 to 3 hidden units divides the final loss by {jump:.0f}.")
n_luck = len(LUCK_SEEDS)

# %% [markdown]
# With this seed, one unit ends at loss {{ final[1]:.2f }}, a crude cut with
# {{ wrong[1]:.0%}} of the points wrong. Two units get further but stall at
# {{ final[2]:.2f }}, with {{ wrong[2]:.1%}} of the points on the wrong side. Three units
# drive the loss down to {{ final[3]:.3f }} and classify {{ accuracy[3]:.1%}} of the
# points right, and five end lower still, at {{ final[5]:.4f }}.
#
# Is that the luck of one seed? A [sweep](../../glossary/#sweep) over seeds tells:
# `toynn.sweep` trains the same widths from
# {{ n_luck }} seeds at once, with the same data, learning rate and epochs:

# %%
luck = toynn.sweep(X, y, widths=WIDTHS, seeds=LUCK_SEEDS, loss="bce", lr=LR,
                   epochs=EPOCHS)
all_right = (luck.accuracy(X, y) == 1).sum(dim=1).tolist()
print(luck.summary(0.05))
print("seeds that get every point right, per width:",
      dict(zip(WIDTHS, all_right)))

# %% tags=["claims"]
right_by_width = dict(zip(WIDTHS, all_right))
luck_final = dict(zip(WIDTHS, luck.final_losses))
low3 = luck.success_rate(0.05)[1][WIDTHS.index(3)].item()
toynn.check_claim(all(right_by_width[w] == 0 for w in [1, 2]),
                  "one or two units never get every point right, whatever "
                  "the seed")
toynn.check_claim(bool((luck_final[2] > 0.1).all()),
                  "two units stall above loss 0.1 for every seed")
toynn.check_claim(right_by_width[3] >= 0.8 * n_luck and low3 > 0.5,
                  "three units get every point right for most seeds")
toynn.check_claim(bool(luck_final[5].median() < luck_final[3].median() / 2),
                  "five units end lower than three")

# %% [markdown]
# Not luck: one or two units never get every point right, and for every seed two units
# stall above loss 0.1. Three units get every point right for {{ right_by_width[3] }} of
# the {{ n_luck }} seeds, five for {{ right_by_width[5] }}. ([How often does it
# work?](../statistics/) counts a hundred seeds per width, with intervals.)
#
# ## Decision regions
#
# Why does the third unit change everything? The decision regions, the parts of the plane
# that a net assigns to each class, show what each net learned:

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4.5), layout="constrained")
for ax, width in zip(axes, [2, 3]):
    history = histories[width]
    toynn.plot_decision_regions(history.model, X, y, ax=ax)
    ax.set_title(f"width {width}: final loss {history.final_loss:.3f}")

# %% [markdown]
# With two units the disc's region (class 0) is an open strip or wedge that leaks out of
# the picture and through the ring. With three it is a closed, triangle-like patch around
# the disc. A grid far larger than the picture confirms it: does the disc's region reach
# the grid's border?

# %%
axis = torch.linspace(-30, 30, 601)
grid = torch.cartesian_prod(axis, axis)  # 361 201 points
border = grid[(grid.abs() == 30).any(dim=1)]  # the points on its edge
open_region = {
    width: bool((histories[width].model.predict_proba(border) < 0.5).any())
    for width in [2, 3]
}
print("the disc's region reaches the border of the grid:", open_region)

# %% tags=["claims"]
toynn.check_claim(not open_region[3],
                  "with three units the class-0 region is closed")
toynn.check_claim(open_region[2], "with two units it is open")

# %% [markdown]
# ### Watch them train
#
# Those are the last frames of two runs. With `snapshots=SNAPSHOTS`, `toynn.fit` also
# kept the [weights](../../glossary/#weight) at {{ SNAPSHOTS }}
# [snapshots](../../glossary/#snapshot) of each run, epochs spaced on a log scale, since
# most of the change happens early. `toynn.interactive.training_scrubber` draws them: the
# lines of the hidden units, the region the net assigns to the ring (shaded) and, on the
# right, where the run is on its loss curve. The figure opens on the last snapshot; drag
# the slider to the left end to see the untrained net, then back (arrow keys and the play
# button work too). First the width-2 net:

# %%
labels = ["disc", "ring"]
toynn.interactive.training_scrubber(histories[2], X, y, labels=labels)

# %% [markdown]
# And the width-3 net, from the same seed:

# %%
toynn.interactive.training_scrubber(histories[3], X, y, labels=labels)

# %% tags=["claims"]
def closed_at(history):
    """Whether the class-0 region is closed, at each snapshot epoch."""
    return {e: not (history.model_at(e).predict_proba(border) < 0.5).any()
            for e in history.snapshots}


closed2, closed3 = closed_at(histories[2]), closed_at(histories[3])
epochs3 = list(closed3)
# the first snapshot from which width 3's region stays closed to the end
for_good = next(e for i, e in enumerate(epochs3)
                if all(closed3[later] for later in epochs3[i:]))
then = histories[3].model_at(for_good)
right_then = ((then.predict_proba(X) > 0.5) == y).float().mean().item()
loss_then = histories[3].losses[min(for_good, EPOCHS - 1)]
losses3 = histories[3].losses
open_floor = min(losses3[e] for e, closed in closed3.items()
                 if not closed and e < EPOCHS)
toynn.check_claim(not any(closed2.values()),
                  "width 2's region is open in every snapshot")
toynn.check_claim(open_floor > final[3],
                  "while width 3's region is open, its loss stays above "
                  "where it ends")

# %% [markdown]
# At the left end of both sliders are the untrained nets: their lines lie wherever the
# random initial weights put them, and the shading, if there is any, has nothing to do
# with the rings.
# Move right. The width-2 net can only turn and shift its two
# lines: its disc region is open in every snapshot, so it keeps leaking through the ring,
# and the loss flattens. The width-3 net closes in on the disc from three sides: with
# this seed its disc region is closed for good from the snapshot of epoch
# {{ for_good }} on. At that moment the loss is still {{ loss_then:.2f }} and
# {{ right_then:.1%}} of the points are right. Closing the triangle is what makes a low
# loss *possible*: in every snapshot where the region is open, the loss is above
# {{ open_floor:.3f }}; the epochs after it shrink and sharpen the triangle until the
# loss is {{ final[3]:.3f }}.
#
# ## Hidden units draw lines
#
# To see why, look at the hidden units one by one. `toynn.plot_network` draws each trained
# net as a diagram, as on [A network built by hand](../by-hand/): inside each node, its
# unit's activation over the plane; on each edge, the size and sign of its weight.

# %%
for width in [2, 3]:
    ax = toynn.plot_network(histories[width].model, X)
    ax.set_title(f"The trained width-{width} net")

# %% [markdown]
# As on [One unit draws a line](../one-unit/), hidden unit $i$ computes
# $\sigma(w_{i1} x + w_{i2} y + b_i)$: it is "off" (near 0) on one side of the line
#
# $$ w_{i1} x + w_{i2} y + b_i = 0 $$
#
# and "on" (near 1) on the other. `toynn.hidden_lines` returns these weights and
# [biases](../../glossary/#bias). The lines are **not** decision boundaries; they give
# every point new coordinates, the [activations](../../glossary/#activation) $h_i$, which
# tell on which side of each line a point lies, and how far.

# %%
model3 = histories[3].model
W, b = toynn.hidden_lines(model3)
for i, (w, bias) in enumerate(zip(W, b)):
    print(f"unit {i}: {w[0]:+.2f}·x {w[1]:+.2f}·y {bias:+.2f} = 0")
ax = toynn.plot_hidden_lines(model3, X, y, regions=True)
ax.set_title("The 3 hidden lines of the width-3 net")

# %% [markdown]
# Three lines in general position cut the plane into $1 + 3 + \binom{3}{2} = 7$ regions.
# `toynn.activation_codes` labels every point with the on/off pattern of the units, one
# binary digit per unit, and `toynn.count_regions` counts the distinct patterns. On the
# large grid, and on the data:

# %%
print("regions on the grid:          ", toynn.count_regions(model3, grid))
print("regions that hold data points:", toynn.count_regions(model3, X))

# %% tags=["claims"]
codes = toynn.activation_codes(model3, X)
patterns = {code: (int((y[codes == code] == 0).sum()),
                   int((y[codes == code] == 1).sum()))
            for code in codes.unique().tolist()}  # code: (disc, ring) points
disc_patterns = [code for code, (disc, ring) in patterns.items() if disc > 0]
alone = len(disc_patterns) == 1 and patterns[disc_patterns[0]][1] == 0
toynn.check_claim(alone, "the disc sits alone in one region")
toynn.check_claim(len(patterns) == 7,
                  "the ring is spread over the six other regions")

# %% [markdown]
# The lines are placed so that the disc sits alone in the middle region, a triangle, and
# the ring is spread over the six regions around it.
#
# ## Why two lines cannot enclose the disc
#
# Two lines make at most four regions, and every one of them is unbounded: none can hold
# the disc without running out through the ring. That holds for the smooth
# [sigmoid](../../glossary/#sigmoid) too, not only for hard on/off switches. Walk along
# the direction of one unit's line: that unit's activation does not change, and the
# other's only rises or only falls. So the output only rises or only falls along that
# walk, and it can never be high on the ring, low on the disc, and high on the ring again
# across it. That is the jump from 2 to 3. [Hidden space](../hidden-space/) looks at the
# same nets from the hidden units' side.
#
# ## Summary
#
# - With this seed the final loss falls from {{ final[2]:.2f }} at width 2 to
#   {{ final[3]:.3f }} at width 3; over {{ n_luck }} seeds, two units never get every
#   point right and three units do for {{ right_by_width[3] }}.
# - A hidden unit draws a line; the lines are not the decision boundary, they cut the
#   plane into regions.
# - Three lines make 7 regions, one of them a closed triangle that holds the disc alone.
# - Two lines make only unbounded regions, so two units cannot enclose the disc, however
#   long they train.
#
# ## Try this
#
# 1. **Is width 2 just slow?** Train two units twice as long as in the width sweep, with
#    a learning rate ten times larger.
#    <details><summary>Answer</summary>
#
#    No: it still stalls above loss 0.1 (the run below). The geometry forbids getting
#    every point right, since two lines cannot enclose the disc; where the loss stalls
#    above that is up to training, and the [depth page](../depth/) finds width-2 nets that
#    get more points right than this one.
#
#    </details>

# %% tags=["answer"]
longer = toynn.fit(toynn.MLP(2, width=2), X, y, loss="bce", lr=10 * LR,
                   epochs=2 * EPOCHS, seed=SEED)
print(f"width 2, {longer.epochs} epochs at lr {longer.lr:g}: "
      f"loss {longer.final_loss:.3f}")

# %% [markdown]
# 2. **ReLU.** Swap the activation for [ReLU](../../glossary/#relu), $\max(0, z)$:
#    `toynn.MLP(2, width=..., activation="relu")`. Does the loss still go to about zero?
#    How wide must the layer be?
#    <details><summary>Answer</summary>
#
#    A ReLU unit also draws a line, but instead of switching on it grows linearly on one
#    side. The output is then a piecewise linear function of $(x, y)$, and a closed patch
#    around the disc still needs at least three lines: width 2 cannot work. Three ReLU
#    units can, but whether one seed finds the solution is luck, and for one seed a wider
#    layer is no guarantee. A ReLU unit is [dead](../../glossary/#dead-unit) when every
#    data point lies on its zero side: it outputs 0 everywhere, its gradient is 0, and it
#    never recovers, so the net is a unit short. And even with enough live units, the
#    lines can settle in an arrangement that leaves the disc open. The run below trains
#    each width of `RELU_WIDTHS` from one seed and prints which widths worked, and how
#    many units died. [How often does it work?](../statistics/) counts the luck over a
#    hundred seeds per width: ReLU fails more often than sigmoid at small widths, and
#    less as the layer widens.
#
#    </details>

# %% tags=["answer"]
relu = {
    width: toynn.fit(toynn.MLP(2, width=width, activation="relu"), X, y,
                     loss="bce", lr=LR, epochs=EPOCHS, seed=SEED)
    for width in RELU_WIDTHS
}
dead = {width: int((h.model.hidden(X)[0] <= 0).all(dim=0).sum())
        for width, h in relu.items()}
worked = [width for width, h in relu.items() if h.final_loss < 0.05]
for width, history in relu.items():
    line = (f"width {width}: ReLU final loss {history.final_loss:.4f}, "
            f"{dead[width]} dead")
    if width in histories:
        line += f"; sigmoid {histories[width].final_loss:.4f}"
    print(line)
outcome = "; ".join(
    f"width {w} {'works' if w in worked else 'fails'} with "
    f"{dead[w]} of {w} units dead" for w in RELU_WIDTHS)
print(f"with this seed: {outcome}")
ax = toynn.plot_losses(list(relu.values()), log=True)
ax.set_title("ReLU hidden units")

# %% [markdown]
# 3. **Change `SEED` and `DATA_SEED`.** Which sentences of this page change?
#    <details><summary>Answer</summary>
#
#    The numbers: each one in the text is filled in from your run. The statements do not:
#    the ones about this run's outcome are checked on it, and the general ones against
#    the {{ n_luck }} seeds trained together above, so a seed that broke one would say so
#    with a `toynn.ClaimWarning`.
#
#    </details>

# %% tags=["claims"]
toynn.check_claim(longer.final_loss > 0.1,
                  "width 2 still stalls above loss 0.1")
toynn.check_claim(2 not in worked, "two ReLU units cannot work")
toynn.check_claim(any(w >= 3 for w in worked),
                  "some ReLU layer of three units or more works")
