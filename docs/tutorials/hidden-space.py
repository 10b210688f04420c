# %% [markdown]
# # Hidden space
#
# [Two rings: why two units fail](../classification/) looked at the hidden units as lines
# in the plane. This page looks at the same networks from the other side: every point
# gets new coordinates, the [activations](../../glossary/#activation) of the hidden
# [units](../../glossary/#unit), and in those coordinates the output unit only has to
# draw a line or a plane. You will learn to read a network's [hidden
# space](../../glossary/#hidden-space), why the points gather at its corners, and why two
# units leave the disc and the ring on the same corner. Read [Two
# rings](../classification/) first.

# %% tags=["knobs"]
DATA_SEED = 100  # the points
SEED = 0  # initial weights of every model
EPOCHS = 10_000  # full-batch Adam steps of every run
LR = 1e-3
WIDTHS = [2, 3, 5]  # hidden units of the nets we look into
SNAPSHOTS = 50  # weights kept during each run, for the figure that scrubs

# %%
import math

import matplotlib.pyplot as plt
import torch

import toynn

# %% [markdown]
# The same rings and the same runs as on [Two rings](../classification/), retrained here
# so that the page runs on its own:

# %%
X, y = toynn.make_rings(1000, seed=DATA_SEED)
histories = {
    width: toynn.fit(toynn.MLP(2, width=width), X, y, loss="bce", lr=LR,
                     epochs=EPOCHS, seed=SEED, snapshots=SNAPSHOTS)
    for width in WIDTHS
}
for width, history in histories.items():
    print(f"width {width}: final loss {history.final_loss:.4f}")

# %% [markdown]
# ## The square and the cube
#
# Each hidden unit outputs its activation, a number between 0 and 1. Taken together,
# the activations are new coordinates for every point, its place in the net's
# hidden space: two coordinates for the width-2 net, a
# point in the unit square; three for the width-3 net, a point in the unit cube.
#
# A unit in [saturation](../../glossary/#saturation) is confidently on or off (near 1 or
# near 0), so points deep inside a region of the hidden lines go to the *corner* of that
# region's on/off pattern; only points near a line, where a unit is half on, lie along an
# edge. Three lines make seven regions, so seven of the cube's eight corners can be
# reached. The output unit is a weighted sum of these coordinates followed by a
# [sigmoid](../../glossary/#sigmoid), so it separates the classes with a line in the
# square and a plane in the cube, drawn with `plane=True`:

# %%
net2, net3 = histories[2].model, histories[3].model
fig = plt.figure(figsize=(11, 5), layout="constrained")
toynn.plot_hidden_space(net2, X, y, plane=True, ax=fig.add_subplot(1, 2, 1))
fig.axes[0].set_title("width 2: the hidden square")
toynn.plot_hidden_space(net3, X, y, plane=True,
                        ax=fig.add_subplot(1, 2, 2, projection="3d"))
fig.axes[1].set_title("width 3: the hidden cube")

# %% [markdown]
# ## Counting the points at each corner
#
# `toynn.activation_codes` gives every point the on/off pattern of the units as a binary
# number, the corner it is nearest to. Counting the disc and ring points at each corner:

# %%
for net in [net2, net3]:
    codes = toynn.activation_codes(net, X)
    print(f"width {net.width}:")
    for code in codes.unique().tolist():
        disc, ring = [int((y[codes == code] == c).sum()) for c in [0, 1]]
        print(f"  corner {code:0{net.width}b}: {disc:4d} disc, "
              f"{ring:4d} ring points")

# %% tags=["claims"]
def disc_corner(net):
    """(disc points, ring points) at the corner that holds most disc points."""
    codes = toynn.activation_codes(net, X)
    corner = torch.mode(codes[y == 0]).values
    return (int((codes[y == 0] == corner).sum()),
            int((codes[y == 1] == corner).sum()))


disc2, ring2 = disc_corner(net2)
disc3, ring3 = disc_corner(net3)
toynn.check_claim(ring2 > 0, "ring points land on width 2's disc corner")
toynn.check_claim(ring3 == 0 and disc3 == int((y == 0).sum()),
                  "the disc has a corner of its own at width 3")
right3 = ((net3.predict_proba(X) > 0.5) == y).float().mean().item()
toynn.check_claim(right3 == 1, "the plane separates the classes in the cube")

# %% [markdown]
# This is the crux. With two lines every region is unbounded, so the disc's region runs
# out through the ring: with this [seed](../../glossary/#seed), {{ ring2 }} ring points
# land on the disc's corner of the square, and no line in the square can separate points
# that sit on the same corner. With three lines the disc has a bounded region of its own
# and so a corner of its own, which holds all {{ disc3 }} disc points and no ring point,
# and a plane cuts that corner off the rest of the cube.
#
# ## Turn the cube, watch it train
#
# A still picture of a cube can mislead: which corner is in front? Turn it yourself.
# `toynn.interactive.hidden_space` draws the width-3 net's hidden cube in 3-D, with the
# output's separating plane; drag the cube to turn it. Given the run's history instead of
# a model, it has a slider over the [snapshots](../../glossary/#snapshot) too. The figure
# opens on the trained net. Drag the slider to its left end: before training, the points
# form a flat, tilted ring around a blob, inside the cube. Then move right, and watch
# them spread out to the corners.

# %%
labels = ["disc", "ring"]
toynn.interactive.hidden_space(histories[3], X, y, labels=labels)

# %% tags=["claims"]
corners = torch.cartesian_prod(*[torch.tensor([0.0, 1.0])] * 3)
axis = torch.linspace(-30, 30, 601)
grid = torch.cartesian_prod(axis, axis)
border = grid[(grid.abs() == 30).any(dim=1)]  # the edge of a large grid


def near_a_corner(net):
    """Share of the points within 0.1 of a corner of the hidden cube."""
    distance = torch.cdist(net.hidden(X)[0].detach(), corners)
    return (distance.min(dim=1).values < 0.1).float().mean().item()


def is_closed(net):
    """Whether the disc's region stays inside the large grid."""
    return not bool((net.predict_proba(border) < 0.5).any())


history3 = histories[3]
epochs3 = history3.snapshots
closed = [is_closed(history3.model_at(e)) for e in epochs3]
# the first snapshot from which the region stays closed to the end
for_good = next(e for i, e in enumerate(epochs3) if all(closed[i:]))
at_start, at_closing, at_end = [near_a_corner(history3.model_at(e))
                                 for e in [0, for_good, EPOCHS]]
toynn.check_claim(at_start < at_end and at_end > 0.5,
                  "most points end near a corner, more than at the start")

# %% [markdown]
# At [epoch](../../glossary/#epoch) 0 the units are far from saturated: {{ at_start:.0%}}
# of the points are within 0.1 of a corner. When the triangle of hidden lines closes for
# good, at epoch {{ for_good }} with this seed, {{ at_closing:.0%}} have reached a
# corner; after {{ EPOCHS:,}} epochs, {{ at_end:.0%}} have, and the plane cuts the disc's
# corner off the rest.
#
# ## Five units: ten views
#
# With 5 hidden units each point has 5 coordinates. We can't plot 5-D, but we can look at
# every choice of 3 of them, $\binom{5}{3} = 10$ views:

# %%
net5 = histories[5].model
print("views:", math.comb(net5.width, 3))
fig = toynn.plot_hidden_space_grid(net5, X, y)

# %% tags=["claims"]
codes5 = toynn.activation_codes(net5, X)
bits = torch.stack([(codes5 >> (net5.width - 1 - i)) & 1
                    for i in range(net5.width)], dim=1)  # unit 0 first


codes_border = toynn.activation_codes(net5, border)
bits_border = torch.stack([(codes_border >> (net5.width - 1 - i)) & 1
                           for i in range(net5.width)], dim=1)


def view(units):
    """(ring points on the disc's corner, whether that corner's region is
    closed), seen through three units only."""
    weights = torch.tensor([4, 2, 1])
    seen = (bits[:, units] * weights).sum(dim=1)
    corner = torch.mode(seen[y == 0]).values
    on_border = (bits_border[:, units] * weights).sum(dim=1) == corner
    return int((seen[y == 1] == corner).sum()), not bool(on_border.any())


triples = torch.combinations(torch.arange(net5.width), 3).tolist()
views = [view(units) for units in triples]
few = [n for n, closed in views if closed]
many = [n for n, closed in views if not closed]
few_views, few_max, many_min = len(few), max(few, default=0), min(many,
                                                                 default=0)
toynn.check_claim(min(n for n, _ in views) > 0,
                  "in every view some ring points share the disc's corner")
toynn.check_claim(0 < few_views < len(triples) and many_min > 10 * few_max,
                  "views whose three lines enclose the disc let in a handful "
                  "of ring points, the others many")

# %% [markdown]
# No view gives the disc a corner of its own: in every one, some ring points share it. In
# {{ few_views }} of the ten views only a handful do, at most {{ few_max }}: those three
# lines enclose a triangle a little larger than the disc, which clips the ring. In the
# others {{ many_min }} or more do, because those three lines leave the disc's region
# open. No three of the five units do the job alone; the network spreads it over all of
# them.
#
# ## Summary
#
# - The activations of the hidden units are new coordinates for every point: a square for
#   two units, a cube for three.
# - Saturated units send the points to corners: after training, {{ at_end:.0%}} of the
#   points are near one.
# - The output unit draws a line in the square, a plane in the cube.
# - With two units the disc shares a corner with {{ ring2 }} ring points, so no line can
#   separate them; with three it has a corner of its own.
#
# ## Try this
#
# 1. **How many corners can five units reach?** The hidden space of
#    [width](../../glossary/#width) 5 has $2^5$ corners. How many of them can hold
#    points?
#    <details><summary>Answer</summary>
#
#    At most 16: the corners are the regions of the hidden lines, and 5 lines cut the
#    plane into at most $1 + 5 + \binom{5}{2} = 16$ regions. The run below counts them on
#    a large grid and on the data.
#
#    </details>

# %% tags=["answer"]
print("width 5, regions on a large grid:", toynn.count_regions(net5, grid))
print("width 5, regions that hold data: ", toynn.count_regions(net5, X))

# %% [markdown]
# 2. **Stop early.** Look at the cube at the snapshot nearest a tenth of `EPOCHS`
#    (`history.model_at(epoch)`). Are the points at the corners yet?
#    <details><summary>Answer</summary>
#
#    Far fewer than at the end: the units saturate as the
#    [weights](../../glossary/#weight) grow, and the weights keep growing long after the
#    region has closed. The run below measures it.
#
#    </details>

# %% tags=["answer"]
tenth = min(epochs3, key=lambda e: abs(e - EPOCHS / 10))
early = history3.model_at(tenth)
print(f"near a corner at epoch {tenth}: {near_a_corner(early):.0%}, "
      f"at epoch {EPOCHS}: {at_end:.0%}")
fig = plt.figure(figsize=(5, 5), layout="constrained")
toynn.plot_hidden_space(early, X, y, plane=True,
                        ax=fig.add_subplot(projection="3d"))
fig.axes[0].set_title(f"width 3 at epoch {tenth}")

# %% tags=["claims"]
toynn.check_claim(toynn.count_regions(net5, grid) <= 16,
                  "five lines make at most 16 regions")
toynn.check_claim(near_a_corner(early) < at_end,
                  "fewer points are near a corner early on")
