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
# cell; change them and re-run to see what moves.

# %% tags=["knobs"]
DATA_SEED = 100  # the points
SEED = 0  # initial weights of every model
EPOCHS = 10_000  # full-batch Adam steps of the main runs
LR = 1e-3
WIDTHS = [1, 2, 3, 5]  # hidden units of the width sweep
FIRST_RUN = dict(width=2, lr=1e-2, epochs=100)  # a first, too short run
RELU_WIDTHS = [2, 3, 4, 6]  # widths tried in the exercise

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
# Guessing $p = 0.5$ for every point costs $\log 2 \approx 0.6931$: that is where every
# untrained network starts, and the number to beat.
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
# The hidden layers live in an `nn.ModuleList`. That matters: an optimizer only updates what
# `model.parameters()` returns, and PyTorch only finds layers stored as modules. A layer kept
# in a plain Python list is invisible: it would never train, and nothing would warn you.

# %%
holder = torch.nn.Module()
holder.plain_list = [torch.nn.Linear(2, 2)]
holder.module_list = torch.nn.ModuleList([torch.nn.Linear(2, 2)])
print("the optimizer would see:", [n for n, _ in holder.named_parameters()])

# %% [markdown]
# ## A first run
#
# `toynn.fit` trains a model in place with full-batch Adam and returns a `toynn.History`
# holding the loss of every epoch. With `seed`, the initial weights are drawn from that
# seed, so the run is reproducible. A first try with 2 hidden units and a short run:

# %%
first_history = toynn.fit(
    toynn.MLP(2, width=FIRST_RUN["width"]), X, y, loss="bce",
    lr=FIRST_RUN["lr"], epochs=FIRST_RUN["epochs"], seed=SEED,
)
print(first_history)
print(f"loss went from {first_history.losses[0]:.3f} to "
      f"{first_history.final_loss:.3f} in {first_history.epochs} epochs")

# %% [markdown]
# Barely better than guessing. Either it needs longer, or two units can't do it. Let's find
# out which, by training longer and at several widths.
#
# ## How wide must the hidden layer be?
#
# Same data, same seed, a smaller learning rate and many more epochs, for each width:

# %% tags=["headline"]
histories = {
    width: toynn.fit(toynn.MLP(2, width=width), X, y, loss="bce", lr=LR,
                     epochs=EPOCHS, seed=SEED)
    for width in WIDTHS
}
for width, history in histories.items():
    print(f"width {width}: final loss {history.final_loss:.4f}")
ax = toynn.plot_losses(list(histories.values()), log=True)
ax.set_title(f"Loss curves, lr = {LR:g}")

# %%
jump = histories[2].final_loss / histories[3].final_loss
print(f"Going from 2 to 3 hidden units divides the final loss by {jump:.0f}.")

# %% [markdown]
# One unit can't do better than a crude cut. Two units get somewhere but stall. Three
# units drive the loss towards zero, and five do it faster still. Why does the third unit
# change everything? The decision regions show *what* each net learned:

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4.5), layout="constrained")
for ax, width in zip(axes, [2, 3]):
    history = histories[width]
    toynn.plot_decision_regions(history.model, X, y, ax=ax)
    ax.set_title(f"width {width}: final loss {history.final_loss:.3f}")

# %% [markdown]
# With two units the class-0 region is an open strip or wedge that always leaks into the
# ring. With three it is a closed triangle-like patch around the disc. To see why, look at
# the hidden units one by one.
#
# ## Hidden units draw lines
#
# Hidden unit $i$ computes $\sigma(w_{i1} x + w_{i2} y + b_i)$. It is "off" (near 0) on one
# side of the line
#
# $$ w_{i1} x + w_{i2} y + b_i = 0 $$
#
# and "on" (near 1) on the other. `toynn.hidden_lines` returns these weights and biases.
# The lines are **not** decision boundaries; they are the axes of a new coordinate
# system, in which every point is described by which side of each line it lies on.

# %%
model3 = histories[3].model
W, b = toynn.hidden_lines(model3)
for i, (w, bias) in enumerate(zip(W, b)):
    print(f"unit {i}: {w[0]:+.2f}·x {w[1]:+.2f}·y {bias:+.2f} = 0")
ax = toynn.plot_hidden_lines(model3, X, y, regions=True)
ax.set_title("The 3 hidden lines of the width-3 net")

# %% [markdown]
# Three lines in general position cut the plane into $1 + 3 + \binom{3}{2} = 7$ regions.
# `toynn.activation_codes` labels every point with the on/off pattern of the units (one bit
# per unit) and `toynn.count_regions` counts the distinct patterns. On a dense grid over
# the plane, and on the data:

# %%
axis = torch.linspace(-30, 30, 601)
grid = torch.cartesian_prod(axis, axis)  # 361 201 points
print("regions on a grid over the plane:", toynn.count_regions(model3, grid))
print("regions that hold data points:   ", toynn.count_regions(model3, X))
codes = toynn.activation_codes(model3, X)
for code in codes.unique().tolist():
    inside = codes == code
    disc, ring = int((y[inside] == 0).sum()), int((y[inside] == 1).sum())
    print(f"  pattern {code:03b}: {disc:4d} disc, {ring:4d} ring points")

# %% [markdown]
# The lines are placed so that the disc sits alone in the middle region, a triangle, and the
# ring is spread over the six regions around it. Two lines make at most four regions, and
# none of them can be a bounded patch around the disc: that is the jump from 2 to 3.
#
# ## Hidden space
#
# Each point now has three new coordinates, the activations of the three units. Plotted in
# 3-D, with sigmoid units they lie inside the unit cube. Units that are confidently on or off
# (saturated) push points to the cube's edges and corners: each of the 7 regions becomes a
# corner or an edge of the cube. In these coordinates the two classes are separated by a
# plane, which is exactly what the output unit, a linear function followed by a sigmoid,
# can draw.

# %%
ax = toynn.plot_hidden_space(model3, X, y)

# %% [markdown]
# With 5 hidden units each point has 5 coordinates. We can't plot 5-D, but we can look at
# every choice of 3 of them, $\binom{5}{3}$ views:

# %%
model5 = histories[5].model
print("views:", math.comb(model5.width, 3))
fig = toynn.plot_hidden_space_grid(model5, X, y)

# %% [markdown]
# Some views separate the classes cleanly on their own; in others the classes overlap,
# and another unit does the work. The network spreads the job over its units, with some
# redundancy, which is one reason wider nets train faster.
#
# ## Exercise: ReLU
#
# Swap the activation for ReLU, $\max(0, z)$: `toynn.MLP(2, width=..., activation="relu")`.
# Does the loss still go to about zero? How wide must the layer be?
#
# <details>
# <summary>Answer</summary>
#
# A ReLU unit also draws a line, but instead of switching on it grows linearly on one side.
# The output is then a piecewise linear function of $(x, y)$, and a closed patch around the
# disc still needs at least three lines. So three ReLU units can solve the problem, as three
# sigmoid units do, but whether one seed finds the solution is a matter of luck: a ReLU unit
# whose line ends up outside the data is "dead" (zero everywhere, zero gradient) and never
# recovers. The run below trains each width of the knobs cell from one seed: if a width
# fails where a narrower one succeeds, that is luck at work, not a lack of capacity.
# [How often does it work?](../statistics/) counts the luck over hundreds of seeds: wider
# layers need it less.
#
# </details>

# %%
relu = {
    width: toynn.fit(toynn.MLP(2, width=width, activation="relu"), X, y,
                     loss="bce", lr=LR, epochs=EPOCHS, seed=SEED)
    for width in RELU_WIDTHS
}
for width, history in relu.items():
    line = f"width {width}: ReLU final loss {history.final_loss:.4f}"
    if width in histories:
        line += f", sigmoid {histories[width].final_loss:.4f}"
    print(line)
ax = toynn.plot_losses(list(relu.values()), log=True)
ax.set_title("ReLU hidden units")

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
for logit in [5.0, 20.0, 40.0]:
    z = torch.tensor([logit])
    probability = torch.sigmoid(z)
    via_probability = F.binary_cross_entropy(probability, target)
    on_logits = F.binary_cross_entropy_with_logits(z, target)
    print(f"z = {logit:2.0f}, target 0: "
          f"sigmoid + BCE = {via_probability.item():8.4f}, "
          f"BCE on logits = {on_logits.item():8.4f}")
