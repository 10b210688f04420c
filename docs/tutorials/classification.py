# %% [markdown]
# # Classification: two rings
#
# A disc of points sits inside a ring of points. No straight line separates them, yet a
# network with a single hidden layer learns to tell them apart, provided the layer is wide
# enough. In this tutorial we train such networks and then open them up: we look at what
# each hidden unit computes, which lines it draws in the plane, and where it sends every
# point. The headline result is a jump: two hidden units are not enough, three are.
#
# Everything here runs on a laptop CPU in seconds. The knobs of the page are in the first
# cell; change them and re-run to see what moves. Every number in the text is filled in
# from the run, and every general statement about a result is checked by the page itself,
# in cells folded under "Checks of the claims about this result" (tagged `claims` in the
# notebook), often against many seeds at once: when a knob you changed makes a sentence
# untrue, they say which with a `toynn.ClaimWarning`, and on this site the build fails.

# %% tags=["knobs"]
DATA_SEED = 100  # the points
SEED = 0  # initial weights of every model
LUCK_SEEDS = list(range(10))  # seeds of the check that the jump isn't luck
EPOCHS = 10_000  # full-batch Adam steps of the main runs
LR = 1e-3
WIDTHS = [1, 2, 3, 5]  # hidden units of the width sweep
SNAPSHOTS = 50  # weights kept during each run, for the figures that scrub
FIRST_RUN = dict(width=2, lr=1e-2, epochs=100)  # a first, too short run
RELU_WIDTHS = [2, 3, 4, 6]  # widths tried in the exercise
# Few points with some labels flipped, and a wide net: the held-out experiment
HOLDOUT = dict(points_per_class=25, flipped_share=0.2, width=20, lr=1e-2,
               epochs=5_000)

# %%
import math

import matplotlib.pyplot as plt
import torch

import toynn

# %% [markdown]
# ## The data
#
# `toynn.make_rings` draws 1000 points per class. Class 0 fills the disc of radius 1;
# class 1 fills the ring between radius 3 and 4. Both get a uniform random angle.

# %%
X, y = toynn.make_rings(1000, seed=DATA_SEED)
print(f"X: {tuple(X.shape)}, y: {tuple(y.shape)}, class 1: {y.mean():.0%}")
ax = toynn.plot_data(X, y)
ax.set_title("Two rings: 1000 points per class")

# %% [markdown]
# In the coordinates $(x, y)$ the classes cannot be split by a line. In polar coordinates
# $(r, \theta)$ they can: everything with $r < 2$ is class 0. We could feed the network
# $r = \sqrt{x^2 + y^2}$ and be done, but we won't. Here we can *see* the right transform
# because the data has two dimensions. Real data has hundreds, where nobody can see it;
# the point of a hidden layer is that it finds a useful transform by itself. Watching it do
# that on a problem where we know the answer is the best way to trust it elsewhere.
#
# ## The loss: binary cross-entropy
#
# For a target $t \in \{0, 1\}$ and a predicted probability $p$ of class 1, the binary
# cross-entropy is
#
# $$ \ell(p, t) = -\,t \log p - (1 - t) \log(1 - p). $$
#
# It is 0 for a confident right answer and grows without bound for a confident wrong one.
# Here it is for target 1 at a few probabilities:

# %%
F = torch.nn.functional
probs = torch.tensor([0.01, 0.3, 0.5, 1.0])
bce = F.binary_cross_entropy(probs, torch.ones(4), reduction="none")
for p, value in zip(probs, bce):
    print(f"p = {p:4.2f}  ->  loss {value + 0.0:.4f}")  # + 0.0 turns -0 into 0

# %% [markdown]
# Guessing $p = 0.5$ for every point costs $\log 2 \approx 0.6931$, the number to beat.
# An untrained network starts *near* it, not exactly on it: its initial weights are small,
# so its outputs are close to, but not exactly, $p = 0.5$.
#
# ## The model and its parameters
#
# `toynn.MLP` is a feed-forward network: inputs, `depth` hidden layers of `width` units with
# an activation (sigmoid by default), and one linear output. The output is a *logit* $z$;
# the probability of class 1 is $\sigma(z) = 1 / (1 + e^{-z})$. A net with 2 inputs, 2 hidden
# units and 1 output has $2 \cdot 2 + 2 = 6$ parameters in the hidden layer and $2 + 1 = 3$ in
# the output layer:

# %%
model = toynn.MLP(2, width=2, seed=SEED)
for name, parameter in model.named_parameters():
    values = [round(v, 3) for v in parameter.data.flatten().tolist()]
    print(f"{name:<20} shape {tuple(parameter.shape)!s:<7} {values}")
print("parameters in all:", sum(p.numel() for p in model.parameters()))

# %% [markdown]
# Because the output is a logit, `model(X) > 0.5` is **not** the test for class 1: that
# asks for $p > \sigma(0.5) \approx 0.62$. The right tests are `model(X) > 0` or
# `model.predict_proba(X) > 0.5`, which are the same thing.
#
# The hidden layers live in an `nn.ModuleList`. That matters: an optimizer only updates what
# `model.parameters()` returns, and PyTorch only finds layers stored as modules. A layer kept
# in a plain Python list is invisible: it would never train, and nothing would warn you.

# %%
holder = torch.nn.Module()
holder.plain_list = [torch.nn.Linear(2, 2)]
holder.module_list = torch.nn.ModuleList([torch.nn.Linear(2, 2)])
print("the optimizer would see:", [n for n, _ in holder.named_parameters()])

# %% [markdown]
# ## Training, written out
#
# Training is *gradient descent*: it moves every parameter $w$ a little against its
# gradient, the direction in which the loss $L$ grows fastest:
#
# $$ w \leftarrow w - \eta\, \frac{\partial L}{\partial w}. $$
#
# The *learning rate* $\eta$ sets the size of the step. The gradients come from
# *backpropagation*: the chain rule, applied from the loss back through the output layer
# and then the hidden layer, gives $\partial L / \partial w$ for every weight in one
# backward pass; `loss.backward()` does it with PyTorch's autograd. One *epoch* is one
# pass over the training data; here every epoch is a single step computed on all the
# points at once (full batch). *Adam*, the optimizer we use, follows the same idea but
# scales each parameter's step by running averages of its gradient and of the gradient's
# square, so every parameter moves at about the same pace, whatever the size of its
# gradient. In plain PyTorch, a first short run with two hidden units is:

# %%
model = toynn.MLP(2, width=FIRST_RUN["width"], seed=SEED)
optimizer = torch.optim.Adam(model.parameters(), lr=FIRST_RUN["lr"])
loop_losses = []
for _ in range(FIRST_RUN["epochs"]):  # one epoch: one step on all the data
    loss = F.binary_cross_entropy_with_logits(model(X), y)  # forward pass
    optimizer.zero_grad()  # forget the previous epoch's gradients
    loss.backward()  # dL/dw for every parameter, by autograd
    optimizer.step()  # one Adam step
    loop_losses.append(loss.item())
print(f"loss went from {loop_losses[0]:.3f} to {loop_losses[-1]:.3f} "
      f"in {FIRST_RUN['epochs']} epochs")

# %% [markdown]
# `toynn.fit` runs the same loop and returns a `toynn.History` with the loss of every epoch.
# It computes the same gradients, written out in closed form instead of through autograd
# (the repository's `scripts/bench_fit.py` measures how much time that saves). With the
# same `seed` it starts from the same weights, so its losses match the loop's:

# %%
first_history = toynn.fit(
    toynn.MLP(2, width=FIRST_RUN["width"]), X, y, loss="bce",
    lr=FIRST_RUN["lr"], epochs=FIRST_RUN["epochs"], seed=SEED,
)
print(first_history)
gap = max(abs(a - b) for a, b in zip(loop_losses, first_history.losses))
print(f"largest difference from the loop's losses: {gap:.1e}")

# %% tags=["claims"]
toynn.check_claim(gap < 1e-5, "toynn.fit matches the loop's losses")
start, end = first_history.losses[0], first_history.final_loss
many_first = toynn.sweep(X, y, widths=[FIRST_RUN["width"]], seeds=range(100),
                         loss="bce", lr=FIRST_RUN["lr"],
                         epochs=FIRST_RUN["epochs"]).final_losses
best_first = many_first.min().item()
toynn.check_claim(best_first > 0.5,
                  "no seed of a hundred gets this first run below loss 0.5")

# %% [markdown]
# From {{ start:.3f }} to {{ end:.3f }}: not far from guessing. It is not this seed's bad
# luck: the same run from a hundred seeds at once (`toynn.sweep`, in the folded checks
# above; more on it below) ends no lower than {{ best_first:.3f }}. Either it needs longer, or two units can't do it. Let's find out
# which, by training longer and at several widths.
#
# ## How wide must the hidden layer be?
#
# Same data, same seed, a smaller learning rate and many more epochs, for each width. Next
# to the loss, the *accuracy*: the share of points on the right side of $p = 0.5$.

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
# Is that the luck of one seed? `toynn.sweep` trains the same widths from
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
# work?](../statistics/) counts a hundred seeds per width, with intervals.) Why does the
# third unit change everything? The decision regions show *what* each net learned:

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4.5), layout="constrained")
for ax, width in zip(axes, [2, 3]):
    history = histories[width]
    toynn.plot_decision_regions(history.model, X, y, ax=ax)
    ax.set_title(f"width {width}: final loss {history.final_loss:.3f}")

# %% [markdown]
# With two units the class-0 region is an open strip or wedge that leaks out of the picture
# and through the ring; that is no accident of training, as we will see below: two lines
# cannot enclose anything. With three it is a closed, triangle-like patch around the disc.
# A grid far larger than the picture confirms it: does the class-0 region reach the grid's
# edge?

# %%
axis = torch.linspace(-30, 30, 601)
grid = torch.cartesian_prod(axis, axis)  # 361 201 points


def reaches_edge(model):
    """Whether some point on the border of the grid is predicted class 0."""
    class_0 = (model.predict_proba(grid) < 0.5).reshape(len(axis), len(axis))
    return bool(class_0[[0, -1]].any() or class_0[:, [0, -1]].any())


open_region = {width: reaches_edge(histories[width].model) for width in [2, 3]}
for width, is_open in open_region.items():
    print(f"width {width}: class-0 region reaches the edge of the grid: "
          f"{is_open}")

# %% tags=["claims"]
toynn.check_claim(not open_region[3],
                  "with three units the class-0 region is closed")

# %% [markdown]
# ### Watch them train
#
# Those are the last frames of two runs. `toynn.fit` can also keep the weights at chosen
# epochs (`snapshots=SNAPSHOTS`: epochs spaced on a log scale, since most of the change
# happens early), and `toynn.interactive.training_scrubber` draws every one of them: the
# hidden lines, the region the net assigns to the ring (shaded) and, on the right, where
# the run is on its loss curve. Drag the slider, use the arrow keys, or press play.
# First the width-2 net:

# %%
labels = ["disc", "ring"]
toynn.interactive.training_scrubber(histories[2], X, y, labels=labels)

# %% [markdown]
# And the width-3 net, from the same seed:

# %%
toynn.interactive.training_scrubber(histories[3], X, y, labels=labels)

# %%
def closed_at(history):
    """Whether the class-0 region is closed, at each snapshot epoch."""
    return {e: not reaches_edge(history.model_at(e))
            for e in history.snapshots}


closed2, closed3 = closed_at(histories[2]), closed_at(histories[3])
epochs3 = list(closed3)
# the first snapshot from which width 3's region stays closed to the end
for_good = next(e for i, e in enumerate(epochs3)
                if all(closed3[later] for later in epochs3[i:]))
then = histories[3].model_at(for_good)
right_then = ((then.predict_proba(X) > 0.5) == y).float().mean().item()
loss_then = histories[3].losses[min(for_good, EPOCHS - 1)]
print(f"width 2: closed at {sum(closed2.values())} of {SNAPSHOTS} snapshots")
print(f"width 3: closed at {sum(closed3.values())} of {SNAPSHOTS} snapshots, "
      f"for good from epoch {for_good}: loss then {loss_then:.3f}, "
      f"accuracy {right_then:.1%}")

# %% tags=["claims"]
losses3 = histories[3].losses
open_floor = min(losses3[e] for e, closed in closed3.items()
                 if not closed and e < EPOCHS)
toynn.check_claim(open_floor > final[3],
                  "while width 3's region is open, its loss stays above "
                  "where it ends")

# %% [markdown]
# Scrub both from the start. The width-2 net can only turn and shift its two lines: its
# disc region is open in every snapshot, so it keeps leaking through the ring, and the
# loss flattens. The width-3 net closes in on the disc from three sides: with this seed
# its disc region is closed for good from the snapshot of epoch {{ for_good }} on. At that
# moment the loss is still {{ loss_then:.2f }} and {{ right_then:.1%}} of the points are
# right. Closing the triangle is what makes a low loss *possible*: in every snapshot where
# the region is open, the loss is above {{ open_floor:.3f }}; the epochs after it shrink
# and sharpen the triangle until the loss is {{ final[3]:.3f }}.

# %% [markdown]
# To see why, look at the hidden units one by one.
#
# ## Hidden units draw lines
#
# Hidden unit $i$ computes $\sigma(w_{i1} x + w_{i2} y + b_i)$. It is "off" (near 0) on one
# side of the line
#
# $$ w_{i1} x + w_{i2} y + b_i = 0 $$
#
# and "on" (near 1) on the other; on the line itself it is exactly half on,
# $h_i = 0.5$. `toynn.hidden_lines` returns these weights and biases. The lines are
# **not** decision boundaries; they describe every point by new coordinates: the
# activations $h_i$, which tell on which side of each line a point lies, and how far.

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
# binary digit per unit, unit 0 first (the order of the labels in the figure), and
# `toynn.count_regions` counts the distinct patterns. On the large grid, and on the data:

# %%
print("regions on the grid:         ", toynn.count_regions(model3, grid))
print("regions that hold data points:", toynn.count_regions(model3, X))


def points_per_pattern(model):
    """{pattern: (disc points, ring points)} of the patterns that hold data."""
    codes = toynn.activation_codes(model, X)
    return {f"{code:0{model.width}b}": (int((y[codes == code] == 0).sum()),
                                        int((y[codes == code] == 1).sum()))
            for code in codes.unique().tolist()}


patterns = points_per_pattern(model3)
for pattern, (disc, ring) in patterns.items():
    print(f"  pattern {pattern}: {disc:4d} disc, {ring:4d} ring points")

# %% tags=["claims"]
disc_patterns = [p for p, (disc, ring) in patterns.items() if disc > 0]
alone = len(disc_patterns) == 1 and patterns[disc_patterns[0]][1] == 0
toynn.check_claim(alone, "the disc sits alone in one region")
toynn.check_claim(len(patterns) == 7,
                  "the ring is spread over the six other regions")

# %% [markdown]
# The lines are placed so that the disc sits alone in the middle region, a triangle, and
# the ring is spread over the six regions around it. Two lines make at most four regions,
# and every one of them is unbounded. That holds for the smooth sigmoid too, not only for
# hard on/off switches: along the direction of one unit's line, that unit's activation does
# not change and the other's changes monotonically, so the output is monotone along that
# direction and can never rise and fall again around the disc. That is the jump from 2
# to 3.
#
# ## Hidden space
#
# Each point now has new coordinates, the activations of the hidden units: two for the
# width-2 net, a point in the unit square; three for the width-3 net, a point in the unit
# cube. A saturated unit is confidently on or off, so points deep inside a region go to
# the *corner* of its on/off pattern; only points near a line, where a unit is half on, lie
# along an edge. Three lines make seven regions, so seven of the cube's eight corners can
# be reached. The output unit is a linear function of these coordinates followed by a
# sigmoid: it separates the classes with a line in the square, a plane in the cube.

# %%
net2 = histories[2].model
fig = plt.figure(figsize=(11, 5), layout="constrained")
toynn.plot_hidden_space(net2, X, y, plane=True, ax=fig.add_subplot(1, 2, 1))
fig.axes[0].set_title("width 2: the hidden square")
toynn.plot_hidden_space(model3, X, y, plane=True,
                        ax=fig.add_subplot(1, 2, 2, projection="3d"))
fig.axes[1].set_title("width 3: the hidden cube")

# %%
square = points_per_pattern(net2)
disc_corner = max(square, key=lambda pattern: square[pattern][0])
disc, ring = square[disc_corner]
print(f"width 2: the disc's corner {disc_corner} holds {disc} disc and "
      f"{ring} ring points")
disc3, ring3 = patterns[disc_patterns[0]]
print(f"width 3: the disc's corner {disc_patterns[0]} holds {disc3} disc and "
      f"{ring3} ring points")

# %% tags=["claims"]
toynn.check_claim(ring > 0, "ring points land on width 2's disc corner")
toynn.check_claim(ring3 == 0, "the disc has a corner of its own at width 3")

# %% [markdown]
# This is the crux. With two lines every region is unbounded, so the disc's region runs
# out through the ring: with this seed, {{ ring }} ring points land on the disc's corner of
# the square, and no line in the square can separate points that sit on the same corner.
# With three lines the disc has a bounded region of its own and so a corner of its own,
# which holds {{ ring3 }} ring points, and a plane can cut that corner off the cube.
#
# A still picture of a cube can mislead: which corner is in front? Turn it yourself.
# `toynn.interactive.hidden_space` draws the width-3 net's hidden cube in 3-D (drag to
# turn it), with the output's separating plane; given the run's history instead of a
# model, it has a slider over the snapshots too. Start at epoch 0 and move forward:

# %%
toynn.interactive.hidden_space(histories[3], X, y, labels=labels)

# %%
corners = torch.cartesian_prod(*[torch.tensor([0.0, 1.0])] * 3)


def near_a_corner(model):
    """Share of the points within 0.1 of a corner of the hidden cube."""
    distance = torch.cdist(model.hidden(X)[0].detach(), corners)
    return (distance.min(dim=1).values < 0.1).float().mean().item()


at_start, at_closing, at_end = [near_a_corner(histories[3].model_at(e))
                                 for e in [0, for_good, EPOCHS]]
for epoch, share in zip([0, for_good, EPOCHS], [at_start, at_closing, at_end]):
    print(f"epoch {epoch}: {share:.0%} of the points within 0.1 of a corner")

# %% tags=["claims"]
toynn.check_claim(at_start < at_end and at_end > 0.5,
                  "most points end near a corner, more than at the start")

# %% [markdown]
# At epoch 0 the units are far from saturated, and the points form a flat, tilted ring
# around a blob inside the cube: {{ at_start:.0%}} of them are within 0.1 of a corner.
# When the triangle closes for good, at epoch {{ for_good }} with this seed,
# {{ at_closing:.0%}} have reached a corner; after {{ EPOCHS:,}} epochs, {{ at_end:.0%}}
# have, and the plane cuts the disc's corner off the rest.
#
# With 5 hidden units each point has 5 coordinates. We can't plot 5-D, but we can look at
# every choice of 3 of them, $\binom{5}{3} = 10$ views:

# %%
model5 = histories[5].model
print("views:", math.comb(model5.width, 3))
fig = toynn.plot_hidden_space_grid(model5, X, y)

# %% [markdown]
# Look for the views in which the disc's points sit on a corner of their own, and those
# in which they share a corner with ring points: there, another unit must do the work.
# The network spreads the job over its units.
#
# ## Held-out data: when to stop
#
# A low training loss says the net fits the points it was trained on, not that it will be
# right on new ones. The usual test is *held-out* data: points the net never trains on.
# Here we make it matter: few points, a share of their labels flipped on purpose, and a
# wide net (`HOLDOUT` in the knobs cell). We draw two held-out sets from other data
# seeds, with their true labels. The *validation* set decides when to stop:
# `validation=` makes `toynn.fit` record its loss at every epoch, next to the training
# loss. The *test* set is used for nothing but the final score. Why two? The validation
# set chose the epoch: of all the epochs, we keep the one where it looked best, so its
# score there flatters the net; only points that played no part in any choice give an
# honest one.

# %%
X_few, y_clean = toynn.make_rings(HOLDOUT["points_per_class"],
                                  seed=DATA_SEED + 1)
noise = torch.Generator().manual_seed(DATA_SEED)
flipped = torch.rand(len(y_clean), generator=noise) < HOLDOUT["flipped_share"]
y_few = torch.where(flipped, 1 - y_clean, y_clean)
X_val, y_val = toynn.make_rings(1000, seed=DATA_SEED + 2)  # picks the epoch
X_test, y_test = toynn.make_rings(1000, seed=DATA_SEED + 3)  # scores once
settings = dict(loss="bce", lr=HOLDOUT["lr"], seed=SEED)


def test_accuracy(model):
    right = (model.predict_proba(X_test) > 0.5) == y_test
    return right.float().mean().item()


def train_and_stop(labels):
    """Train to the end, then again up to the lowest validation loss."""
    full = toynn.fit(toynn.MLP(2, width=HOLDOUT["width"]), X_few, labels,
                     epochs=HOLDOUT["epochs"], validation=(X_val, y_val),
                     **settings)
    best = min(range(full.epochs), key=full.val_losses.__getitem__)
    # val_losses[e] is measured before update e: e updates reach those weights
    stopped = toynn.fit(toynn.MLP(2, width=HOLDOUT["width"]), X_few, labels,
                        epochs=max(best, 1), **settings)
    gain = test_accuracy(stopped.model) - test_accuracy(full.model)
    return full, best, stopped.model, gain


noisy, best, stopped, gain = train_and_stop(y_few)
early, late = test_accuracy(stopped), test_accuracy(noisy.model)
n_flipped = int(flipped.sum())
print(f"{n_flipped} of {len(y_few)} training labels flipped")
print(f"validation loss is lowest at epoch {best}: "
      f"{noisy.val_losses[best]:.3f}; at the end: {noisy.val_losses[-1]:.3f}")
print(f"training loss at the end: {noisy.final_loss:.4f}")
print(f"test accuracy, stopped at epoch {best}: {early:.1%}; "
      f"trained to the end: {late:.1%}")
curves = {"training": noisy.losses, "validation": noisy.val_losses}
ax = toynn.plot_losses(curves, log=True)
ax.set_ylabel("BCE loss")
ax.axvline(best, color="0.4", linestyle=":",
           label=f"lowest validation loss (epoch {best})")
ax.legend()
ax.set_title("Training loss falls; validation loss turns around")

# %% tags=["claims"]
val_low, val_end = noisy.val_losses[best], noisy.val_losses[-1]
toynn.check_claim(noisy.final_loss < 0.1,
                  "the wide net fits its noisy labels")
toynn.check_claim(val_end > 2 * val_low,
                  "the validation loss more than doubles after its minimum")
toynn.check_claim(gain > 0,
                  "the net stopped early is right on more test points")

# %% [markdown]
# The training loss keeps falling, to {{ noisy.final_loss:.4f }}, while the net learns the
# flipped labels by heart; the validation loss bottoms out at epoch {{ best }}, at
# {{ val_low:.3f }}, and then rises to {{ val_end:.3f }}. On the test set, the net stopped
# at that epoch is right on {{ early:.1%}} of the points, the one trained to the end on
# {{ late:.1%}}. Where did the extra training go? Into the flipped points:

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4.5), layout="constrained")
for ax, (name, net) in zip(axes, [("stopped early", stopped),
                                  ("trained to the end", noisy.model)]):
    toynn.plot_decision_regions(net, X_few, y_few, ax=ax)
    ax.set_title(f"{name}: test accuracy {test_accuracy(net):.0%}")
learned = {name: int(((net.predict_proba(X_few[flipped]) > 0.5)
                      == y_few[flipped]).sum())
           for name, net in [("early", stopped), ("end", noisy.model)]}
print(f"of the {n_flipped} flipped points, the net stopped early follows "
      f"{learned['early']} flipped labels, the net trained to the end "
      f"{learned['end']}")

# %% tags=["claims"]
toynn.check_claim(learned["end"] == n_flipped > learned["early"],
                  "trained to the end, the net follows every flipped label; "
                  "stopped early, fewer")

# %% [markdown]
# Trained to the end, the net follows all {{ n_flipped }} flipped labels: it bends its
# boundary around every flipped point, carving regions that hold nothing but a wrong
# label. Stopped early, it follows {{ learned["early"] }} of them and the shape of the
# data. Stopping when the validation loss stops improving, *early stopping*, is the
# simplest defence. On the clean rings above, a width-3 net has nothing to learn by
# heart, which is why we could train it for {{ EPOCHS:,}} epochs.
#
# ## Exercise: ReLU
#
# Swap the activation for ReLU, $\max(0, z)$: `toynn.MLP(2, width=..., activation="relu")`.
# Does the loss still go to about zero? How wide must the layer be? Predict, then open
# the answer.
#
# <details>
# <summary>Answer</summary>
#
# A ReLU unit also draws a line, but instead of switching on it grows linearly on one
# side. The output is then a piecewise linear function of $(x, y)$, and a closed patch
# around the disc still needs at least three lines: width 2 cannot work. Three ReLU units
# can, but whether one seed finds the solution is luck, and for one seed a wider layer is
# no guarantee. A ReLU unit is *dead* when every data point lies on its zero side: it
# outputs 0 everywhere, its gradient is 0, and it never recovers, so the net is a unit
# short. And even with enough live units, the lines can settle in an arrangement that
# leaves the disc open. The run below trains each width of the knobs cell from one seed
# and prints which widths worked, and how many units died. [How often does it
# work?](../statistics/) counts the luck over a hundred seeds per width: ReLU fails more
# often than sigmoid at small widths, and less as the layer widens.
#
# </details>

# %%
relu = {
    width: toynn.fit(toynn.MLP(2, width=width, activation="relu"), X, y,
                     loss="bce", lr=LR, epochs=EPOCHS, seed=SEED)
    for width in RELU_WIDTHS
}
dead = {width: int((h.model.hidden(X)[0] <= 0).all(dim=0).sum())
        for width, h in relu.items()}
worked = [width for width, h in relu.items() if h.final_loss < 0.05]
failed = [width for width in RELU_WIDTHS if width not in worked]
for width, history in relu.items():
    line = (f"width {width}: ReLU final loss {history.final_loss:.4f}, "
            f"{dead[width]} dead")
    if width in histories:
        line += f"; sigmoid {histories[width].final_loss:.4f}"
    print(line)
ax = toynn.plot_losses(list(relu.values()), log=True)
ax.set_title("ReLU hidden units")

# %% tags=["claims"]
toynn.check_claim(any(w >= 3 for w in worked),
                  "some ReLU layer of three units or more works")
outcome = "; ".join(
    f"width {w} {'works' if w in worked else 'fails'} with "
    f"{dead[w]} of {w} units dead" for w in RELU_WIDTHS)

# %% [markdown]
# With this seed: {{ outcome }}.

# %% [markdown]
# ## Why the model outputs logits
#
# The output layer is linear and the loss is computed from the logit $z$ directly
# (`loss="bce"` is binary cross-entropy *on logits*). The alternative, a sigmoid output fed
# to the plain cross-entropy, is mathematically the same but numerically worse. In float32,
# $\sigma(z)$ rounds to exactly 1 once $z$ is above about 17, and then $\log(1 - p)$ is
# $\log 0$. PyTorch clamps that to $-100$, so a confidently wrong prediction reports a loss
# of 100 whatever its size, and its gradient is lost. On logits the loss is
# $\log(1 + e^{z}) - t z$, computed stably, and it stays exact:

# %%
target = torch.zeros(1)
rows = []
for logit in [5.0, 20.0, 40.0]:
    z = torch.tensor([logit])
    via_probability = F.binary_cross_entropy(torch.sigmoid(z), target).item()
    on_logits = F.binary_cross_entropy_with_logits(z, target).item()
    rows.append((logit, via_probability, on_logits))
    print(f"z = {logit:2.0f}, target 0: sigmoid + BCE = "
          f"{via_probability:8.4f}, BCE on logits = {on_logits:8.4f}")

# %% [markdown]
# ## Try this
#
# Change a knob, predict what happens, run the page, then open the answer. Each answer is
# backed by a run in the cell below.
#
# 1. **Is width 2 just slow?** Train two units twice as long as in the width sweep, with
#    the first run's ten times larger learning rate.
#    <details><summary>Answer</summary>
#    No: it still stalls above loss 0.1. The geometry forbids getting every point right,
#    since two lines cannot enclose the disc; where the loss stalls above that is up to
#    training, and the [depth page](../depth/) finds width-2 nets that get more points
#    right than this one.
#    </details>
# 2. **Change `SEED` and `DATA_SEED`.** Which sentences of this page change?
#    <details><summary>Answer</summary>
#    The numbers: each one in the text is filled in from your run. The statements do not:
#    the ones about this run's outcome are checked on it, and the general ones against
#    the {{ n_luck }} seeds trained together above, so a seed that broke one would say
#    so with a `ClaimWarning`.
#    </details>
# 3. **Does early stopping matter without the flipped labels?** Set
#    `flipped_share=0.0` in `HOLDOUT`.
#    <details><summary>Answer</summary>
#    Much less: with honest labels there is little to learn by heart, and stopping early
#    gains less test accuracy than with the flipped labels.
#    </details>

# %%
longer = toynn.fit(toynn.MLP(2, width=2), X, y, loss="bce",
                   lr=FIRST_RUN["lr"], epochs=2 * EPOCHS, seed=SEED)
print(f"width 2, {longer.epochs} epochs at lr {longer.lr:g}: "
      f"loss {longer.final_loss:.3f}")
honest_gain = train_and_stop(y_clean)[-1]
print(f"honest labels: stopping early gains {honest_gain:+.1%} of test "
      f"accuracy (flipped labels: {gain:+.1%})")

# %% tags=["claims"]
toynn.check_claim(longer.final_loss > 0.1,
                  "width 2 still stalls above loss 0.1")
toynn.check_claim(honest_gain < gain,
                  "with honest labels, stopping early gains less")
