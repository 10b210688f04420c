# %% [markdown]
# # A network built by hand
#
# On [One unit draws a line](../one-unit/) we saw that a [unit](../../glossary/#unit)
# switches on along a line, and that one line cannot separate the disc from the ring
# around it. Here we put three units together and choose every
# [weight](../../glossary/#weight) ourselves, without any training: their three
# lines make a triangle around the disc, and the network gets every point right. Then we
# see why two units cannot do the same. Read [One unit draws a line](../one-unit/) first.
#
# As on every page, the knobs are in the first code cell, every number in the text comes
# from the run, and the cells folded under "Checks of the claims about this result" check
# each statement.

# %% tags=["knobs"]
DATA_SEED = 100  # the points
STEEPNESS = 40.0  # how sharply each unit switches at its line
INRADIUS = 1.25  # distance of the triangle's sides from the centre
OUTPUT_WEIGHT = 20.0  # the output's weight on each unit
OUTPUT_BIAS = -10.0  # the output's bias

# %%
import math

import torch

import toynn

F = torch.nn.functional

# %% [markdown]
# ## Three lines around the disc
#
# The data are the rings of the first page, 1000 points per class: a disc of radius 1
# inside a ring from radius 3 to 4.
#
# Take a direction, a vector $n$ of length 1, and a distance $d$. A unit with weights
# $w = s\,n$ and [bias](../../glossary/#bias) $b = -s\,d$ has
# [pre-activation](../../glossary/#pre-activation) $z = s\,(n \cdot x - d)$: it is 0 on
# the line of points whose distance from the centre along $n$ is $d$. So the unit is off
# on the side of that line that holds the centre and on beyond it, and the steepness $s$
# sets how sharply it switches.
#
# Three such lines, with directions $120°$ apart, all at distance $d$ from the centre,
# make a triangle. Its corners are $2d$ from the centre. The triangle holds the whole
# disc if $d > 1$, and no ring point lies inside it if $2d < 3$: any $d$ between 1 and
# $3/2$ works. We take $d$ = {{ INRADIUS }} (`INRADIUS`) and $s$ = {{ STEEPNESS }}.

# %%
X, y = toynn.make_rings(1000, seed=DATA_SEED)
angles = torch.tensor([90.0, 210.0, 330.0]) * math.pi / 180
normals = torch.stack([angles.cos(), angles.sin()], dim=1)  # one row per unit
W = STEEPNESS * normals
b = torch.full((3,), -STEEPNESS * INRADIUS)
v = torch.full((3,), OUTPUT_WEIGHT)
by_hand = toynn.MLP.from_weights([(W, b)], (v, OUTPUT_BIAS))
print(by_hand)
ax = toynn.plot_network(by_hand, X)
ax.set_title("Three units set by hand")

# %% [markdown]
# `toynn.MLP.from_weights` builds the net from these numbers: `(W, b)` for the
# [hidden layer](../../glossary/#hidden-layer), one row of `W` per unit, and `(v, c)` for
# the output. In the diagram each hidden unit shows its half-plane, shaded where it is on.
# The output node shows the logit that the next section explains, lowest inside the
# triangle. Here are the hidden units larger, with the data on top:

# %%
fig = toynn.plot_unit_heatmaps(by_hand, X, y, labels=["disc", "ring"])

# %% tags=["claims"]
with torch.no_grad():
    h = by_hand.hidden(X)[0]
disc, ring = y == 0, y == 1
one_on = OUTPUT_WEIGHT + OUTPUT_BIAS  # the logit where one unit is on
toynn.check_claim(bool((h[disc] < 0.01).all()),
                  "every unit is off on every disc point")
toynn.check_claim(bool((h[ring].max(dim=1).values > 0.99).all()),
                  "on every ring point at least one unit is on")

# %% [markdown]
# Every unit is off on the whole disc. Every ring point has at least one unit on.
#
# ## What the output adds up
#
# The output adds the three units with equal weights, {{ OUTPUT_WEIGHT }} each, and adds
# its bias, {{ OUTPUT_BIAS }}. Inside the triangle all units are off, so the
# [logit](../../glossary/#logit) is just the bias, negative: "disc". Outside, at least one
# unit is on and the logit is at least {{ one_on }}: "ring". The bias sits between "no
# unit on" and "one unit on".
#
# First the three lines and the regions they cut the plane into, each labelled by
# which units are on there (1) or off (0); then what the net predicts.

# %%
with torch.no_grad():
    logits = by_hand(X)
    hand_loss = F.binary_cross_entropy_with_logits(logits, y).item()
hand_accuracy = ((logits > 0) == (y == 1)).float().mean().item()
hand_regions = toynn.count_regions(by_hand, X)
print(f"set by hand: accuracy {hand_accuracy:.1%}, loss {hand_loss:.1e}, "
      f"regions holding data: {hand_regions}")
ax = toynn.plot_hidden_lines(by_hand, X, y, regions=True,
                             labels=["disc", "ring"])
ax.set_title("Three lines set by hand")
ax = toynn.plot_decision_regions(by_hand, X, y, labels=["disc", "ring"])
ax.set_title("What the hand-built net predicts")

# %% tags=["claims"]
toynn.check_claim(hand_accuracy == 1.0,
                  "the hand-built net classifies every point right")
toynn.check_claim(hand_loss < 1e-3, f"its loss is tiny: {hand_loss:.1e}")
toynn.check_claim(hand_regions == 7, "three lines cut the data into 7 regions")
toynn.check_claim(bool((logits[disc] < 0).all() and (logits[ring] > 0).all()),
                  "negative logits on the disc, positive on the ring")
toynn.check_claim(abs(logits[disc].max().item() - OUTPUT_BIAS) < 0.1,
                  "on the disc the logit is the output's bias")
toynn.check_claim(logits[ring].min().item() > one_on - 0.1,
                  "on the ring the logit is at least one unit's worth")

# %% [markdown]
# No training, and the net gets {{ hand_accuracy:.0% }} of the points right. Its
# [loss](../../glossary/#loss), a measure of how wrong its answers are that the next
# page explains, is {{ hand_loss:.1e }}. The three lines cut the data into
# {{ hand_regions }} regions: the triangle holds the disc, the six regions around it hold
# the ring.
#
# ## Why two lines are not enough
#
# Two lines cut the plane into at most four regions, and every one of them runs off to
# infinity: a strip or a wedge. With steep units, the net gives the same answer to every
# point of a region, because the units are on or off in the same way there. The region
# that holds the disc runs off to infinity too, so it crosses the ring, and the ring
# points in it get the disc's answer.
#
# Here is such an attempt: the triangle's first two units, with the same output weights
# and bias.

# %%
two = toynn.MLP.from_weights([(W[:2], b[:2])], (v[:2], OUTPUT_BIAS))
with torch.no_grad():
    two_logits = two(X)
two_accuracy = ((two_logits > 0) == (y == 1)).float().mean().item()
print(f"two units: accuracy {two_accuracy:.1%}")
ax = toynn.plot_hidden_lines(two, X, y, regions=True, labels=["disc", "ring"])
ax.set_title("Two lines")
ax = toynn.plot_decision_regions(two, X, y, labels=["disc", "ring"])
ax.set_title("What the two-unit net predicts")

# %% tags=["claims"]
side = torch.linspace(-50, 50, 401)
plane = torch.cartesian_prod(side, side)
edge = plane[(plane.abs() == 50).any(dim=1)]  # the border of a large square
two_codes = set(toynn.activation_codes(two, plane).tolist())
edge_codes = set(toynn.activation_codes(two, edge).tolist())
two_wrong = ((two_logits > 0) != (y == 1)).sum().item()
three_codes = set(toynn.activation_codes(by_hand, plane).tolist())
three_edge = set(toynn.activation_codes(by_hand, edge).tolist())
toynn.check_claim(len(two_codes) == 4, "two crossing lines make four regions")
toynn.check_claim(len(three_codes) == 7 and three_codes - three_edge == {0},
                  "of the 7 regions of 3 lines, only the triangle is bounded")
toynn.check_claim(edge_codes == two_codes,
                  "every region of two lines reaches the border of any view")
toynn.check_claim(two_accuracy < 1.0 and bool((two_logits[disc] < 0).all()),
                  "the disc's region takes in ring points: some are wrong")

# %% [markdown]
# The wedge that holds the disc opens towards the bottom right and takes in
# {{ two_wrong }} ring points: the [accuracy](../../glossary/#accuracy) drops to
# {{ two_accuracy:.1% }}. Any two lines leave such a gap, for the reason above. The
# third line is what closes the triangle; three lines
# make seven regions, and the triangle is the only one of them that is bounded.
#
# So three units *can* separate the rings. Can training find such weights by itself,
# starting from random ones? That is the subject of the next page,
# [Training: loss and gradient descent](../training/).
#
# ## Summary
#
# - A unit with weights $s\,n$ and bias $-s\,d$ switches on along the line at distance
#   $d$ from the centre, in direction $n$.
# - Three such lines make a triangle around the disc. With output weights
#   {{ OUTPUT_WEIGHT }} and bias {{ OUTPUT_BIAS }}, the net gets {{ hand_accuracy:.0% }}
#   of the points right with no training, loss {{ hand_loss:.1e }}.
# - The three lines cut the data into {{ hand_regions }} regions; only the triangle is
#   bounded.
# - Two lines make at most four regions, all unbounded, so the disc's region always
#   takes in part of the ring: {{ two_accuracy:.1% }} for our attempt.
#
# ## Try this
#
# 1. **Move the lines**: `INRADIUS = 0.9`, then `INRADIUS = 1.8`. What goes wrong?
#    <details><summary>Answer</summary>
#
#    At 0.9 the sides cut through the disc: disc points beyond them count as ring. At 1.8
#    the corners lie 3.6 from the centre, inside the ring: ring points near the corners
#    count as disc.
#
#    </details>


# %% tags=["answer"]
def hand_built(inradius=INRADIUS, steepness=STEEPNESS, bias=OUTPUT_BIAS):
    """The triangle net with one setting changed."""
    weights = steepness * normals
    biases = torch.full((3,), -steepness * inradius)
    return toynn.MLP.from_weights([(weights, biases)], (v, bias))


def right(model):
    """Share of the points the model gets right."""
    with torch.no_grad():
        return ((model(X) > 0) == (y == 1)).float().mean().item()


moved = {d: right(hand_built(inradius=d)) for d in (0.9, 1.8)}
print(f"INRADIUS 0.9: {moved[0.9]:.1%} right, INRADIUS 1.8: {moved[1.8]:.1%}")

# %% [markdown]
# 2. **Soft units**: `STEEPNESS = 1.0`. Is every point still right?
#    <details><summary>Answer</summary>
#
#    No, the disc is lost. The units are no longer clean switches: at the centre each
#    is partly on, and three times that, times the output weight, outweighs the bias.
#    Even the centre is called ring.
#
#    </details>

# %% tags=["answer"]
soft = hand_built(steepness=1.0)
print(f"STEEPNESS 1: {right(soft):.1%} right")

# %% [markdown]
# 3. **A larger bias**: `OUTPUT_BIAS = -30.0`. What does the net predict now?
#    <details><summary>Answer</summary>
#
#    "Ring" only where two units are on, the three corner regions. The ring points in the
#    regions along the triangle's sides, where one unit is on, are now wrong.
#
#    </details>

# %% tags=["answer"]
strict = hand_built(bias=-30.0)
print(f"OUTPUT_BIAS -30: {right(strict):.1%} right")

# %% tags=["claims"]
with torch.no_grad():
    wrong_near = (hand_built(inradius=0.9)(X) > 0) != (y == 1)
    wrong_far = (hand_built(inradius=1.8)(X) > 0) != (y == 1)
    soft_centre = soft(torch.zeros(1, 2)).item()
    strict_wrong = (strict(X) > 0) != (y == 1)
    units_on = (by_hand.hidden(X)[0] > 0.5).sum(dim=1)
toynn.check_claim(bool(wrong_near.any() and (y[wrong_near] == 0).all()),
                  "at 0.9 some points are wrong, all of them disc points")
toynn.check_claim(bool(wrong_far.any() and (y[wrong_far] == 1).all()),
                  "at 1.8 some points are wrong, all of them ring points")
toynn.check_claim(soft_centre > 0 and right(soft) < 1.0,
                  "with STEEPNESS 1 the centre is called ring")
toynn.check_claim(bool(strict_wrong.any()
                       and (units_on[strict_wrong] == 1).all()
                       and (y[strict_wrong] == 1).all()),
                  "with bias -30 the wrong points are ring, one unit on")
