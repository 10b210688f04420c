# %% [markdown]
# # One unit draws a line
#
# A neural network is built from small pieces called
# [units](../../glossary/#unit). This page looks at one of
# them on its own: what it computes, where in the plane it switches on, and how a network
# diagram shows it. By the end you will see why one unit cannot tell a disc of points from
# the ring around it. This is the first page of the path; the next one,
# [A network built by hand](../by-hand/), joins three units to do what one cannot.
#
# The knobs of the page are in the first code cell; change them and run the page again.
# Every number in the text is filled in from the run, and every general statement is
# checked by the run itself, in the cells folded under "Checks of the claims about this
# result".

# %% tags=["knobs"]
DATA_SEED = 100  # the points
WEIGHTS = [0.6, 0.8]  # the unit's weights w1, w2
BIAS = -1.5  # the unit's bias b
SCALES = [1, 4, 20]  # the same unit with w and b multiplied by these
SEED = 0  # initial weights of the trained one-unit net
SWEEP_SEEDS = list(range(20))  # more one-unit nets, one per seed
EPOCHS = 2_000  # training steps of the one-unit nets
LR = 1e-2

# %%
import numpy as np
import torch

import toynn

n_sweep = len(SWEEP_SEEDS)

# %% [markdown]
# ## The data
#
# `toynn.make_rings` draws 1000 points of each of two classes in the plane: class 0
# fills a disc around the centre, class 1 a ring around it. Each point has two
# coordinates, $x_1$ and $x_2$; a network will get both and have to say which class
# the point belongs to.

# %%
X, y = toynn.make_rings(1000, seed=DATA_SEED)
ax = toynn.plot_data(X, y, labels=["disc", "ring"])
ax.set_title("The rings: a disc inside a ring")

# %% [markdown]
# ## What one unit computes
#
# A unit multiplies each input by a
# [weight](../../glossary/#weight), adds them up and adds a
# [bias](../../glossary/#bias). That sum is its
# [pre-activation](../../glossary/#pre-activation):
#
# $$ z = w_1 x_1 + w_2 x_2 + b. $$
#
# Then it applies its [activation](../../glossary/#activation), here the
# [sigmoid](../../glossary/#sigmoid) $\sigma(z) = 1 / (1 + e^{-z})$, which squeezes any
# $z$ into a number $h$ between 0 and 1. $\sigma(0) = 0.5$; a positive $z$ gives more
# than 0.5 (the unit is "on"), a negative one less (it is "off").
#
# So the unit switches where $z = 0$, and the points with $w_1 x_1 + w_2 x_2 + b = 0$
# form a straight line. Our unit has $w$ = {{ WEIGHTS }} and $b$ = {{ BIAS }}. `toynn.MLP`
# holds units in layers; `toynn.MLP.from_weights` builds one from weights we choose.

# %%
unit = toynn.MLP.from_weights([([WEIGHTS], [BIAS])], ([1.0], 0.0))
w = torch.tensor(WEIGHTS)
foot = -BIAS * w / w.dot(w)  # the point of the line nearest the centre
points = torch.stack([torch.zeros(2), foot, 2 * foot])
with torch.no_grad():
    z = unit.pre_activations(points)[0][:, 0]
    h = unit.hidden(points)[0][:, 0]
for (p1, p2), zi, hi in zip(points.tolist(), z.tolist(), h.tolist()):
    print(f"point ({p1:.2f}, {p2:.2f}): z = {zi:+.2f}, h = {hi:.3f}")
fig = toynn.plot_unit_heatmaps(unit, X, y, labels=["disc", "ring"])

# %% tags=["claims"]
with torch.no_grad():
    z_data = unit.pre_activations(X)[0][:, 0]
    h_data = unit.hidden(X)[0][:, 0]
on_share = (h_data > 0.5).float().mean().item()
toynn.check_claim(bool(((h_data > 0.5) == (z_data > 0)).all()),
                  "the unit is on (h > 0.5) exactly where z > 0")
toynn.check_claim(abs(h[1].item() - 0.5) < 1e-6,
                  "on the unit's line, h = 0.5")
toynn.check_claim(h[0].item() < 0.5 < h[2].item(),
                  "the centre is off; twice as far out as the line, on")

# %% [markdown]
# The three points are the centre, the point of the line nearest to it, and a point
# twice as far out. The line is where $h = 0.5$. The unit is on (shaded) on the side the
# weight vector $(w_1, w_2)$ points to, away from the centre: {{ on_share:.0% }} of the
# points lie there. On the other side it is off. A unit does not classify anything by
# itself: it gives every point a new number, $h$, that tells how far, and on which
# side of its line, the point lies.
#
# ## Steeper, not moved
#
# Multiply $w$ and $b$ by the same number $s > 0$. Then $z$ is multiplied by $s$ too, so
# it is still 0 on the same points: the line stays where it is. But $z$ grows $s$ times
# faster as a point moves away from the line, so $h$ switches from 0 to 1 over a band
# $s$ times narrower. Below, three copies of the unit, scaled by {{ SCALES }}, sit side
# by side as the three units of one layer.

# %%
scaled_w = [[s * w for w in WEIGHTS] for s in SCALES]
scaled_b = [s * BIAS for s in SCALES]
copies = toynn.MLP.from_weights([(scaled_w, scaled_b)],
                                ([1.0] * len(SCALES), 0.0))
fig = toynn.plot_unit_heatmaps(copies, X, y, labels=["disc", "ring"])

# %% tags=["claims"]
with torch.no_grad():
    h_copies = copies.hidden(X)[0]
undecided = ((h_copies > 0.1) & (h_copies < 0.9)).float().mean(dim=0)
toynn.check_claim(bool(((h_copies > 0.5) == (h_data > 0.5)[:, None]).all()),
                  "every copy is on at the same points: the line stays")
toynn.check_claim(bool((undecided[1:] < undecided[:-1]).all()),
                  f"fewer points have 0.1 < h < 0.9 as s grows: {undecided}")
undecided_first, undecided_last = undecided[0].item(), undecided[-1].item()

# %% [markdown]
# Between $h = 0.1$ and $h = 0.9$ lie {{ undecided_first:.0% }} of the points for the
# first copy and {{ undecided_last:.0% }} for the last. A steep unit is close to a
# switch: off on one side of its line, on on the other.
#
# ## The first network
#
# A network feeds the units' outputs to an output unit. It adds them up with weights of
# its own, plus a bias, and gives one number, the [logit](../../glossary/#logit): a
# positive logit means "ring", a negative one "disc". The units between input and output
# form a [hidden layer](../../glossary/#hidden-layer), and their number is the network's
# [width](../../glossary/#width). `toynn.plot_network` draws a network: the inputs
# $x_1$ and $x_2$ on the left, the hidden units in the middle, the output on the right. Each line is a weight: the thicker, the larger; solid blue if
# positive, dashed vermillion if negative. Inside each node is its picture over the
# plane, as above.

# %%
ax_unit = toynn.plot_network(unit, X)
ax_unit.set_title("Width 1: our unit")
wide = toynn.MLP(2, width=3, seed=SEED)
ax_wide = toynn.plot_network(wide, X)
ax_wide.set_title("Width 3, random weights")

# %% tags=["claims"]
n_lines = [len(ax_unit.lines), len(ax_wide.lines)]
output_map = np.ravel(ax_unit.images[-1].get_array())
unit_map = np.ravel(ax_unit.images[0].get_array())
same_picture = np.corrcoef(output_map, unit_map)[0, 1]
toynn.check_claim(n_lines == [3, 9], f"3, then 9 weights are drawn: {n_lines}")
toynn.check_claim(abs(same_picture) > 0.999,
                  "a one-unit net's output shows its unit's picture")

# %% [markdown]
# The width-1 net has {{ n_lines[0] }} weights; the width-3 net has {{ n_lines[1] }}.
# The weights of the width-3 net are random, as every network's are before training:
# its three units draw three lines in directions nobody chose.
#
# ## One line cannot hold a disc
#
# The width-1 net's output is $v\,h + c$, where $v$ and $c$ are the output's weight and
# bias. It only grows with $h$ (or only falls, if $v < 0$), and $h$ only grows with $z$.
# So the output changes sign at one level of $z$: it is positive on one side of a line
# parallel to the unit's and negative on the other. The net's
# [decision region](../../glossary/#decision-region) for "ring" is a half-plane.
# The ring goes all the way around the disc, so any half-plane that holds the disc
# also holds part of the ring.
#
# Let's check this on the best weights we can find. `toynn.fit` adjusts a network's
# weights to fit the data, which is called training; the
# [training page](../training/) shows how it works. We train a width-1 net, then
# {{ n_sweep }} more from other [seeds](../../glossary/#seed) (random starting
# weights) with `toynn.sweep`.

# %%
history = toynn.fit(toynn.MLP(2, width=1), X, y, loss="bce", lr=LR,
                    epochs=EPOCHS, seed=SEED)
one = history.model
with torch.no_grad():
    accuracy = ((one(X) > 0) == (y == 1)).float().mean().item()
print(f"width 1, trained: {accuracy:.1%} of the points right")
ax = toynn.plot_decision_regions(one, X, y, labels=["disc", "ring"])
ax.set_title("A trained width-1 net: one side of a line")

# %%
many = toynn.sweep(X, y, widths=[1], seeds=SWEEP_SEEDS, loss="bce", lr=LR,
                   epochs=EPOCHS)
accuracies = many.accuracy(X, y)[0]
print(f"{len(SWEEP_SEEDS)} seeds: accuracy from {accuracies.min():.1%} "
      f"to {accuracies.max():.1%}")

# %% tags=["claims"]
best = accuracies.max().item()
side = torch.linspace(-5, 5, 101)
grid = torch.cartesian_prod(side, side)


def one_side_of_a_line(model):
    """True if the net says 'ring' just where z is above (or below) a level."""
    with torch.no_grad():
        ring = model(grid) > 0
        z_grid = model.pre_activations(grid)[0][:, 0]
    if ring.all() or not ring.any():
        return True
    return bool(z_grid[ring].min() > z_grid[~ring].max()
                or z_grid[ring].max() < z_grid[~ring].min())


toynn.check_claim(one_side_of_a_line(one),
                  "the trained width-1 net predicts one side of a line")
toynn.check_claim(all(one_side_of_a_line(many.model(1, s))
                      for s in SWEEP_SEEDS),
                  "every trained width-1 net predicts one side of a line")
toynn.check_claim(accuracy < 0.8 and best < 0.8,
                  f"no width-1 net gets 80 % right: best {best:.1%}")
toynn.check_claim(bool((many.final_losses > 0.4).all()),
                  "the loss of every width-1 net stays above 0.4")

# %% [markdown]
# The trained net's [accuracy](../../glossary/#accuracy), the share of points it gets
# right, is {{ accuracy:.1% }}; the best of the {{ n_sweep }} seeds gets
# {{ best:.1% }}. Where it says "ring" is one side of a line, for every seed: one line leaves some of the ring on the disc's side,
# whatever its weights. The next page puts three lines together.
#
# ## Summary
#
# - A unit computes $z = w_1 x + w_2 y + b$ and then $h = \sigma(z)$: it is on
#   ($h > 0.5$) on one side of the line $z = 0$ and off on the other.
# - Multiplying $w$ and $b$ by the same $s > 0$ keeps the line and makes the switch
#   steeper: the band of undecided points shrank from {{ undecided_first:.0% }} to
#   {{ undecided_last:.0% }} of the points.
# - A network diagram shows inputs, hidden units and outputs, one line per weight:
#   thickness for size, colour and dashes for sign.
# - One unit splits the plane by a line, so a width-1 net cannot enclose the disc: at
#   best {{ best:.1% }} of the points right over {{ n_sweep }} seeds.
#
# ## Try this
#
# 1. **Flip the signs** of both weights and the bias. Does the line move?
#    <details><summary>Answer</summary>
#
#    No: $-z = 0$ on the same line. But the on and off sides swap, so the unit is now
#    on around the centre.
#
#    </details>

# %% tags=["answer"]
flipped = toynn.MLP.from_weights([([[-w for w in WEIGHTS]], [-BIAS])],
                                 ([1.0], 0.0))
with torch.no_grad():
    h_flipped = flipped.hidden(X)[0][:, 0]
print(f"flipped: on for {(h_flipped > 0.5).float().mean():.0%} of the points")

# %% [markdown]
# 2. **Double the bias only**, `BIAS = -3.0`. Does the line move?
#    <details><summary>Answer</summary>
#
#    Yes, away from the centre, parallel to itself: its distance from the centre is
#    $|b| / \sqrt{w_1^2 + w_2^2}$, which doubles.
#
#    </details>

# %% tags=["answer"]
doubled = toynn.MLP.from_weights([([WEIGHTS], [2 * BIAS])], ([1.0], 0.0))
distances = [abs(b) / torch.tensor(WEIGHTS).norm().item()
             for b in (BIAS, 2 * BIAS)]
print(f"distance of the line from the centre: {distances[0]:.2f}, "
      f"{distances[1]:.2f} with the bias doubled")

# %% [markdown]
# 3. **A ReLU unit** instead of the sigmoid, `activation="relu"`: can one
#    [ReLU](../../glossary/#relu) unit separate the rings?
#    <details><summary>Answer</summary>
#
#    No. $\max(0, z)$ only grows with $z$ too, so the net still predicts one side of a
#    line. The run below trains one per seed: the best does about as well as the best
#    sigmoid net, far from every point right.
#
#    </details>

# %% tags=["answer"]
relu = toynn.sweep(X, y, widths=[1], seeds=SWEEP_SEEDS, activation="relu",
                   loss="bce", lr=LR, epochs=EPOCHS)
relu_best = relu.accuracy(X, y).max().item()
print(f"width 1, ReLU: best accuracy {relu_best:.1%} "
      f"(sigmoid: {best:.1%})")

# %% tags=["claims"]
toynn.check_claim(bool(((h_flipped > 0.5) == (h_data < 0.5)).all()),
                  "flipping all signs swaps on and off, on the same line")
toynn.check_claim(abs(distances[1] - 2 * distances[0]) < 1e-9,
                  "doubling the bias doubles the line's distance")
toynn.check_claim(relu_best < 0.8,
                  f"no width-1 ReLU net gets 80 % right: best {relu_best:.1%}")
toynn.check_claim(abs(relu_best - best) < 0.05,
                  f"the best ReLU and sigmoid nets are close: "
                  f"{relu_best:.1%}, "
                  f"{best:.1%}")
toynn.check_claim(all(one_side_of_a_line(relu.model(1, s))
                      for s in SWEEP_SEEDS),
                  "every width-1 ReLU net predicts one side of a line")
