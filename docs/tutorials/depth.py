# %% [markdown]
# # Depth: can more layers replace width?
#
# In the [classification tutorial](../classification/), two hidden units could not
# separate a disc from the ring around it and three could. Two units per layer is too
# narrow; but what if we stack more layers of two? Each layer bends the plane again, so
# surely four layers of two units can do what one layer of three does?
#
# They can't, and this page shows why, with a hundred seeds per depth and a picture of
# what each layer does to the plane. The argument is topological, from Chris Olah's essay
# ["Neural Networks, Manifolds, and Topology"](https://colah.github.io/posts/2014-03-NN-Manifolds-Topology/)
# (2014). We also look for the gap in that argument, and at whether training ever slipped
# through it. Then we turn it around: a problem where, for the same number of parameters,
# a second layer does what a single wider layer did not in any of our runs.
#
# First, though, we check that a width-3 net *can* separate the rings, by setting its
# weights by hand. As on the other pages, every number in the text is filled in from the
# run, and every statement about a result is checked by it, in cells folded under "Checks
# of the claims about this result".

# %% tags=["knobs"]
DATA_SEED = 100  # the rings of the classification tutorial
STEEPNESS = 40.0  # hand-built units: how sharply each one switches at its line
INRADIUS = 1.25  # hand-built triangle: distance of its sides from the centre
POINTS_PER_CLASS = 250  # the sweeps train on a quarter of the points
SEEDS = list(range(100))  # initial weights: one model per seed and shape
DEPTHS = [1, 2, 3, 4]  # hidden layers of the width-2 nets
LR = 1e-2
EPOCHS = 2_000
THRESHOLD = 0.05  # a run "works" if its final loss is below this
BANDS = 4  # the target of the last section: a disc and three rings
POINTS_PER_BAND = 120
TARGET_EPOCHS = 3_000
BUDGET = [(9, 1), (4, 2), (3, 3)]  # (width, depth): 37 parameters each
TRY_SEEDS = list(range(30))  # the smaller runs behind the Try-this answers

# %%
import math

import matplotlib.pyplot as plt
import torch

import toynn

n_seeds = len(SEEDS)

# %% [markdown]
# ## Three lines, set by hand
#
# The data are the classification tutorial's: 1000 points per class, a disc of radius 1
# inside a ring from radius 3 to 4. A hidden unit with weights $w = s\,n$ and bias
# $b = -s\,d$, for a unit vector $n$, computes $\sigma\big(s\,(n \cdot x - d)\big)$: it is
# off on the side of the line $n \cdot x = d$ that holds the centre and on beyond it, and
# the steepness $s$ sets how sharply it switches. Three such lines, with normals $120°$
# apart at distance $d$ from the centre, make a triangle whose corners are $2d$ from the
# centre. It holds the disc if $d > 1$, and every ring point lies outside it if $2d < 3$:
# any $d$ between 1 and $3/2$ works. We take $d$ = {{ INRADIUS }} (`INRADIUS`).
#
# The output adds up the units with equal weights, 20 each, and subtracts a threshold,
# 10, between "no unit on" and "one unit on": its logit is $-10$ inside the triangle
# and at least $+10$ outside. `toynn.MLP.from_weights` builds the net from these numbers,
# `(W, b)` for the hidden layer and `(v, c)` for the output.

# %%
X, y = toynn.make_rings(1000, seed=DATA_SEED)
angles = torch.tensor([90.0, 210.0, 330.0]) * math.pi / 180
normals = torch.stack([angles.cos(), angles.sin()], dim=1)  # one row per unit
W = STEEPNESS * normals
b = torch.full((3,), -STEEPNESS * INRADIUS)
by_hand = toynn.MLP.from_weights([(W, b)], (torch.full((3,), 20.0), -10.0))
F = torch.nn.functional
with torch.no_grad():
    logits = by_hand(X)
    hand_loss = F.binary_cross_entropy_with_logits(logits, y).item()
hand_accuracy = ((logits > 0) == (y == 1)).float().mean().item()
print(by_hand)
print(f"untrained, set by hand: loss {hand_loss:.1e}, "
      f"accuracy {hand_accuracy:.1%}, regions holding data: "
      f"{toynn.count_regions(by_hand, X)}")
fig, axes = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
toynn.plot_hidden_lines(by_hand, X, y, regions=True, ax=axes[0])
axes[0].set_title("Three lines set by hand")
toynn.plot_decision_regions(by_hand, X, y, ax=axes[1])
axes[1].set_title("What the hand-built net predicts")

# %% tags=["claims"]
toynn.check_claim(hand_accuracy == 1.0,
                  "the hand-built net classifies every point right")

# %% [markdown]
# No training, and the loss is {{ hand_loss:.1e }}: the triangle holds the disc, the six
# regions around it hold the ring. So the capacity is there at width 3. How often
# training *finds* such weights is another question, which the [statistics
# page](../statistics/) answers over a hundred seeds, and which we answer again below,
# next to the deeper width-2 nets.
#
# ## Width 2, deeper
#
# We train width-2 nets with 1, 2, 3 and 4 hidden layers, {{ n_seeds }} seeds each, next
# to width 3 with one layer. `toynn.sweep` trains them all together; `depth=DEPTHS` sweeps
# the depth instead of the width. As on the statistics page, the sweeps train on a
# quarter of the points, {{ POINTS_PER_CLASS }} per class, and a run *works* if its final
# loss is below `THRESHOLD`.

# %% tags=["headline"]
X_sweep, y_sweep = toynn.make_rings(POINTS_PER_CLASS, seed=DATA_SEED)
settings = dict(seeds=SEEDS, loss="bce", lr=LR, epochs=EPOCHS)
deeper = toynn.sweep(X_sweep, y_sweep, widths=[2], depth=DEPTHS, **settings)
wider = toynn.sweep(X_sweep, y_sweep, widths=[3], **settings)
print(deeper.summary(THRESHOLD), end="\n\n")
print(wider.summary(THRESHOLD))
ax = toynn.plot_success_rate({"width 2": deeper, "width 3": wider}, THRESHOLD)
ax.set_title(f"Share of {len(SEEDS)} seeds reaching loss < {THRESHOLD}")

# %% tags=["claims"]
deep_rate, deep_low, deep_high = deeper.success_rate(THRESHOLD)
wide_rate, wide_low, _ = wider.success_rate(THRESHOLD)
n_deep = deeper.final_losses.numel()
deep_bound = deep_high.max().item()
wide_share = wide_rate.item()
toynn.check_claim(bool((deep_rate == 0).all()),
                  "width 2 never works, at any depth")
toynn.check_claim(wide_low.item() > 0.9,
                  "width 3 with a single layer works for almost every seed")

# %% [markdown]
# Not one of the {{ n_deep }} width-2 runs works, at any depth: the 95 % intervals say
# that the true rate is below {{ deep_bound:.0%}} at every depth. Width 3 with a single
# layer works for {{ wide_share:.0%}} of the seeds. Extra layers do not make up for the
# missing unit.
#
# Do they help at all? Evaluate every run on the 2000 points of the first section, which
# no run trained on:

# %%
accuracy = deeper.accuracy(X, y)
stalled = deeper.final_losses > 0.4
for i, depth in enumerate(deeper.depths):
    print(f"depth {depth}: best accuracy {accuracy[i].max():.1%}, "
          f"median {accuracy[i].median():.1%}; "
          f"{stalled[i].float().mean():.0%} of runs stalled above loss 0.4")

# %% tags=["claims"]
best_accuracy = accuracy.max(dim=1).values
best_1, best_deep_any = best_accuracy[0].item(), best_accuracy[1:].max().item()
stall_share = stalled.float().mean(dim=1)
stall_1, stall_deepest = stall_share[0].item(), stall_share[-1].item()
toynn.check_claim(best_deep_any > best_1,
                  "the best deeper run gets more fresh points right than the "
                  "best run of depth 1")
toynn.check_claim(best_deep_any < 1,
                  "no width-2 run gets every fresh point right")
toynn.check_claim(stall_1 == 0 and stall_deepest > 0.3,
                  "deeper nets stall more often")

# %% [markdown]
# A little. The best run of depth 1 gets {{ best_1:.1%}} of the fresh points right, the
# best deeper one {{ best_deep_any:.1%}}, and none gets them all. And depth makes training
# harder: the runs split into two groups, and at depth {{ DEPTHS[-1] }},
# {{ stall_deepest:.0%}} of them stall far above the others, near loss 0.5, where no run
# of depth 1 does.
#
# ## Why: the ring still surrounds the disc
#
# A hidden layer of width 2 maps the plane to the plane: $h = \sigma(Wx + b)$. If the
# $2 \times 2$ matrix $W$ is invertible, $x \mapsto Wx + b$ is one-to-one, and so is the
# sigmoid, applied to each coordinate; both are continuous, with continuous inverses. The
# layer can stretch, shear and bend the plane, but it cannot tear it or glue two points
# together, and neither can a stack of such layers.
#
# Take the circle of radius 3.5 through the middle of the ring. It surrounds the disc, and
# after every layer its image is still a closed loop that surrounds the disc's image:
# to get the disc out, a point of the loop would have to land on a point of the disc.
# The output unit then draws a straight line in the last layer's activations, and a
# line that has the disc's image on one side cuts the loop, which puts part of the loop,
# and the ring points near it, on the disc's side. So no net whose layers are all of width
# 2 classifies the whole ring right, however deep. The condition matters: the argument
# follows the loop through *every* layer, and needs every one of them to map the plane
# one-to-one into a plane. A single wider layer anywhere breaks it, as the last section
# shows.
#
# `toynn.plot_layers` draws a trained net of depth 2 layer by layer: a grid over the
# input and the points, with the loop in black, in the *pre-activations* $z = Wh + b$ of
# each layer, which `model.pre_activations(X)` returns. The sigmoid maps these one-to-one
# onto the activations, but squeezes them into the corners of the unit square, where
# nothing can be seen. The output's straight line in the activations is the dashed curve
# in the last panel. We picked, among the runs of depth 2 that did not stall, the one
# whose second layer is furthest from singular: the ratio of the smallest to the largest
# singular value of its $W$, which is 1 when $W$ only rotates and scales the plane and 0
# when it is singular, is largest.

# %%
around = torch.linspace(0, 2 * math.pi, 2001)
circle = torch.stack([around.cos(), around.sin()], dim=1)  # the unit circle


def layer_ratio(layer):
    """s_min / s_max of the layer's W: 1 if orthogonal, 0 if singular."""
    singular_values = torch.linalg.svdvals(layer.weight.detach())
    return (singular_values.min() / singular_values.max()).item()


def singular_ratio(model):
    """The smallest layer_ratio of the hidden layers after the first."""
    return min(layer_ratio(layer) for layer in model.hidden_layers[1:])


depth_2 = deeper.depths.index(2)
trained = [s for s in SEEDS if not stalled[depth_2, SEEDS.index(s)]] or SEEDS
ratios = {s: singular_ratio(deeper.model(2, s, depth=2)) for s in trained}
regular_seed = max(ratios, key=ratios.get)
regular = deeper.model(2, regular_seed, depth=2)
fig = toynn.plot_layers(regular, X, y, loop=3.5 * circle,
                        labels=["disc", "ring"])
fig.suptitle(f"Width 2, depth 2, seed {regular_seed}: "
             f"the plane after each layer")
regular_accuracy = accuracy[depth_2, SEEDS.index(regular_seed)].item()
print(f"seed {regular_seed}: singular-value ratio of layer 2 "
      f"{ratios[regular_seed]:.2f}, accuracy {regular_accuracy:.1%}")

# %%
with torch.no_grad():
    loop_wrong = (regular(3.5 * circle) < 0).float().mean().item()
regular_ratio = ratios[regular_seed]

# %% [markdown]
# With this seed, the ratio of the pictured second layer is {{ regular_ratio:.2f }}.
# Follow the loop from panel to panel: each layer stretches, shears and bends it, and it
# stays a closed loop around the disc's points. The dashed curve, the output's boundary,
# cuts across it and puts {{ loop_wrong:.0%}} of the loop on the disc's side; the ring
# points near that stretch of the loop are the ones this net gets wrong.
#
# ## The gap in the argument, and whether training used it
#
# The argument needs every layer to be one-to-one. Two things can break that:
#
# - a **singular** weight matrix, $\det W = 0$, collapses the plane onto a line, so that
#   points from both sides of that line land on the same points;
# - **saturation**: mathematically the sigmoid is one-to-one, but in 32-bit floats
#   $\sigma(z)$ rounds to exactly 1 once $z$ is above about 16.6, so points whose
#   units are all saturated land on the same corner.
#
# Do trained nets go there? For every run of depth 2 and more we measure how close its
# layers come to singular (the smallest singular-value ratio of the layers after the
# first), and whether some unit is exactly 0 or 1 on any of the 2000 points.

# %%
z = torch.linspace(10, 20, 10_001)
rounds_to_one = z[torch.sigmoid(z) == 1][0].item()
print(f"sigmoid(z) rounds to 1.0 in float32 from z = {rounds_to_one:.2f}")
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
# points. So the loophole is open. Did any run get through it, with a disc region that the ring closes off? On
# circles around the disc, inside the ring, in the middle of the ring and far outside it,
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
# ## Where depth does help
#
# The rings need a closed curve, and a stack of width-2 layers can't make one. The
# condition is *every* layer: a width-2 layer followed by a wider one can. Build one by
# hand: a first layer $h = \sigma(x/2)$, one unit per coordinate, maps the plane
# one-to-one into the unit square and keeps the ring around the disc; a second layer of
# three units draws the triangle of the first section around the disc's image in those
# coordinates. `toynn.MLP` has one width for all its layers, so this net is plain
# PyTorch:

# %%
squash = torch.sigmoid(X / 2)  # the first layer's activations
centre = torch.tensor([0.5, 0.5])  # where the origin lands
radius = (squash - centre).norm(dim=1)
disc_out, ring_in = radius[y == 0].max(), radius[y == 1].min()
# a triangle whose sides clear the disc's image and whose corners, at twice
# the inradius, stay inside the ring's image
inradius = ((disc_out + ring_in / 2) / 2).item()
steep_2 = 500.0  # the images are small: the second layer switches sharply
narrow_then_wide = torch.nn.Sequential(
    torch.nn.Linear(2, 2), torch.nn.Sigmoid(),  # width 2
    torch.nn.Linear(2, 3), torch.nn.Sigmoid(),  # width 3
    torch.nn.Linear(3, 1),
)
first, second, out = narrow_then_wide[::2]  # the three Linear layers
with torch.no_grad():
    first.weight.copy_(torch.eye(2) / 2)
    first.bias.zero_()
    second.weight.copy_(steep_2 * normals)
    second.bias.copy_(-steep_2 * (normals @ centre + inradius))
    out.weight.fill_(20.0)
    out.bias.fill_(-10.0)
    wide_right = ((narrow_then_wide(X)[:, 0] > 0) == (y == 1)).float().mean()
    fenced_by_hand = all(bool((narrow_then_wide(r * circle) > 0).all())
                         for r in [3.5, 10.0, 30.0])
print(f"disc image within {disc_out:.3f} of the centre, ring image beyond "
      f"{ring_in:.3f}: triangle inradius {inradius:.3f}")
print(f"width 2 then width 3, set by hand: accuracy {wide_right:.1%}; "
      f"predicts ring all round the circles of radius 3.5, 10 and 30: "
      f"{fenced_by_hand}")

# %% tags=["claims"]
toynn.check_claim(bool(wide_right == 1) and fenced_by_hand,
                  "a width-2 layer followed by a width-3 layer fences the "
                  "disc in")

# %% [markdown]
# Every point is right, and on the circle through the middle of the ring, and on circles
# of radius 10 and 30, the net predicts "ring" all the way round: the disc's region is
# closed, though the first layer has only two units. The theorem's condition is no technicality: one layer wide enough anywhere in the
# stack is what it takes. Give every layer enough width, and depth can pay off even where
# one wide layer struggles. Take a target:
# a disc and three rings around it, with alternating classes. A single hidden layer has
# to build each circle out of straight lines that cross the whole plane, through the
# other bands. Two layers can split the work: the first turns each point into roughly
# its distance from the centre, the second cuts that number into bands, one unit per
# boundary.
#
# `toynn.make_bands` draws the data: band $k$ holds radii from $2k$ to $2k + 1$, and
# every radius is divided by the outer radius of the last band, so that the target fits
# in the unit disc, the scale the initial weights suit.

# %%
X_target, y_target = toynn.make_bands(POINTS_PER_BAND, bands=BANDS,
                                      seed=DATA_SEED)
ax = toynn.plot_data(X_target, y_target)
ax.set_title(f"A target: {BANDS} bands of {POINTS_PER_BAND} points")

# %% [markdown]
# First the capacity, by hand again, with two layers of four units. The first layer
# pairs a unit that switches on as $x_1$ grows with one that switches on as $x_1$ falls,
# both off at the centre, and the same for $x_2$: their sum $s$ is smallest at the centre
# and grows in every direction. The second layer's units switch on where $s$ passes
# thresholds between the bands, read off the data; three boundaries need three units,
# the fourth is left unused. The output adds the three with alternating signs.


# %%
W1 = 2.0 * torch.tensor([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
b1 = torch.full((4,), -3.0)  # units sigmoid(+-2 x_i - 3), off at the centre
s = torch.sigmoid(X_target @ W1.T + b1).sum(dim=1)  # what layer 2 sees
band = torch.arange(BANDS).repeat_interleave(POINTS_PER_BAND)
edges = [(s[band == k].max() + s[band == k + 1].min()).item() / 2
         for k in range(BANDS - 1)]
steep = 5_000.0  # how sharply the second layer's units switch
W2 = torch.zeros(4, 4)
W2[:BANDS - 1] = steep
b2 = torch.zeros(4)
b2[:BANDS - 1] = -steep * torch.tensor(edges)
v = torch.tensor([20.0, -20.0, 20.0, 0.0])  # alternating signs, 4th unused
target_by_hand = toynn.MLP.from_weights([(W1, b1), (W2, b2)],
                                        (v, -10.0))
n_parameters = sum(p.numel() for p in target_by_hand.parameters())
with torch.no_grad():
    target_logits = target_by_hand(X_target)
target_hand_accuracy = ((target_logits > 0) == (y_target == 1)).float()
print(f"thresholds on s: {[round(e, 4) for e in edges]}")
print(target_by_hand)
print(f"{n_parameters} parameters, accuracy {target_hand_accuracy.mean():.1%}")
ax = toynn.plot_decision_regions(target_by_hand, X_target, y_target)
ax.set_title("Two layers of four units, set by hand")

# %% tags=["claims"]
toynn.check_claim(bool(target_hand_accuracy.all()),
                  "the hand-built target net classifies every point right")

# %% [markdown]
# The boundaries are level curves of $s$, not exact circles, but they fall between the
# bands and every point is right. That is {{ n_parameters }} parameters, the same number
# as a single layer of 9 units or three layers of 3. Which of the three shapes does
# training get to separate the bands? {{ n_seeds }} seeds each:

# %%
targets = {}
for width, depth in BUDGET:
    targets[f"width {width}, depth {depth}"] = toynn.sweep(
        X_target, y_target, widths=[width], depth=depth, seeds=SEEDS,
        loss="bce", lr=LR, epochs=TARGET_EPOCHS)
for name, result in targets.items():
    model = result.model(result.widths[0], SEEDS[0])
    print(f"{name}: {sum(p.numel() for p in model.parameters())} parameters")
    print(result.summary(THRESHOLD), end="\n\n")
ax = toynn.plot_success_rate(targets, THRESHOLD)
ax.set_title(f"The target: share of {len(SEEDS)} seeds reaching "
             f"loss < {THRESHOLD}")

# %% tags=["claims"]
rates = {name: [t.item() for t in result.success_rate(THRESHOLD)]
         for name, result in targets.items()}
one, two, three = (rates[f"width {w}, depth {d}"] for w, d in BUDGET)
medians = {name: result.final_losses.median().item()
           for name, result in targets.items()}
median_one = medians["width 9, depth 1"]
median_two = medians["width 4, depth 2"]
toynn.check_claim(two[1] > one[2],
                  "the interval of two layers of 4 lies above that of one "
                  "layer of 9")
toynn.check_claim(one[2] < 0.05 and three[2] < two[1],
                  "one layer of 9 practically never works, three layers of 3 "
                  "less often than two of 4")

# %% [markdown]
# With the same {{ n_parameters }} parameters, a single layer of 9 units practically never
# separates the four bands (works for {{ one[0]:.0%}}; its interval ends at
# {{ one[2]:.0%}}), and two layers of 4 do it for {{ two[0]:.0%}} of the seeds: the two
# intervals do not overlap. Three layers of 3 get there for {{ three[0]:.0%}}. That is
# what "depth helps" means here, and no more: it is measured with one learning rate, one
# budget of {{ TARGET_EPOCHS:,}} epochs and one threshold. By another measure the single
# layer does better: its median final loss is {{ median_one:.3f }}, against
# {{ median_two:.3f }} for two layers, whose runs split into some that separate the
# bands and many that stall higher. Depth, with enough width in every layer, is what
# gets all the way here, not what does best on average.
#
# The difference is in the shapes, too. On fresh points from another seed, the share of
# runs of each shape that get *every* fresh point right; and the best run, by final loss,
# of the single layer and of two layers:

# %%
X_fresh, y_fresh = toynn.make_bands(1000, bands=BANDS, seed=DATA_SEED + 1)
all_fresh = {name: (result.accuracy(X_fresh, y_fresh)[0] == 1).float().mean()
             for name, result in targets.items()}
for name, share in all_fresh.items():
    print(f"{name}: {share:.0%} of runs get all {len(X_fresh)} fresh points "
          f"right")
flat, two_layers = targets["width 9, depth 1"], targets["width 4, depth 2"]
flat_seed = SEEDS[int(flat.final_losses[0].argmin())]
two_seed = SEEDS[int(two_layers.final_losses[0].argmin())]
fig, axes = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
for ax, result, width, seed in [(axes[0], flat, 9, flat_seed),
                                (axes[1], two_layers, 4, two_seed)]:
    toynn.plot_decision_regions(result.model(width, seed), X_target, y_target,
                                ax=ax)
    loss = result.final_losses[0, SEEDS.index(seed)]
    ax.set_title(f"width {width}, depth {result.depth}, seed {seed}: "
                 f"loss {loss:.3f}")

# %% tags=["claims"]
fresh_one = all_fresh["width 9, depth 1"].item()
fresh_two = all_fresh["width 4, depth 2"].item()
toynn.check_claim(fresh_one == 0 < fresh_two,
                  "no single-layer run gets every fresh point right, and some "
                  "runs of depth 2 do")

# %% [markdown]
# No single-layer run gets every fresh point right; {{ fresh_two:.0%}} of the runs of
# depth 2 do. Compare the two best runs: the single layer has to build every circle out of
# lines that cross the whole plane, and the net of depth 2 can draw nested curves, as the
# net built by hand does. Whether the trained one computes the same thing, a distance
# from the centre in its first layer, is not measured here.
#
# ## What to take away
#
# - Depth does not replace width when every layer is too narrow for the shape of the
#   data. In the plane, a stack of layers of two units can't close a curve around
#   anything, however deep: every decision region leaks out. One wider layer anywhere
#   in the stack is enough to close one.
# - Trained nets do use what the simple argument leaves out, nearly singular and
#   saturated layers. In the most accurate deep run, a collapse turned the deep net into
#   a shallower one in disguise. The regions still leak, as the theorem says they must.
# - Where every layer is wide enough, depth lets later layers reuse what earlier ones
#   computed, as in the net built by hand: one first layer for the distance from the
#   centre, one unit per boundary after it. For the target, two layers of four got all
#   the way far more often than one of nine, at the same number of parameters.
#
# ## Try this
#
# Predict, then open the answer; the cell below backs each one with smaller runs
# (`TRY_SEEDS`).
#
# 1. **ReLU units** collapse for real: each sets a whole half-plane to zero. Do
#    width-2 ReLU nets of depth 2 and 4 get through?
#    <details><summary>Answer</summary>
#    No: in every run the disc's region still leaks out through the ring. But ReLU
#    makes the leak a narrow, straight-sided channel that few ring points fall into, so
#    the best ReLU runs get more fresh points right than any sigmoid run above, and one
#    may even end below the loss threshold. On a finite sample a loss can't tell a narrow
#    leak from none; the argument is about regions.
#    </details>
# 2. **Three bands instead of four**, `BANDS = 3`. Does depth still win?
#    <details><summary>Answer</summary>
#    No: two boundaries are few enough for a single layer of nine units, which then
#    works more often than two layers of four. Depth pays off when the pattern outgrows
#    what one layer of that size can draw.
#    </details>

# %%
relu = toynn.sweep(X_sweep, y_sweep, widths=[2], depth=[2, 4], seeds=TRY_SEEDS,
                   activation="relu", loss="bce", lr=LR, epochs=EPOCHS)
relu_fenced = 0
with torch.no_grad():
    for depth in relu.depths:
        for seed in TRY_SEEDS:
            net = relu.model(2, seed, depth=depth)
            disc_right = (net(X[y == 0]) < 0).float().mean() > 0.5
            empty = any(bool((net(r * circle) >= 0).all()) for r in radii)
            relu_fenced += int(disc_right and empty)
relu_best = relu.accuracy(X, y).max().item()
below = relu.success(THRESHOLD).sum(dim=1).tolist()
print(f"ReLU, width 2, {len(TRY_SEEDS)} seeds: {relu_fenced} runs fenced in")
print(f"best accuracy {relu_best:.1%} (sigmoid: {best_accuracy.max():.1%})")
print(f"runs below the threshold at depths {relu.depths}: {below}")
X_three, y_three = toynn.make_bands(POINTS_PER_BAND, bands=3,
                                    seed=DATA_SEED)
three_bands = {f"width {width}, depth {depth}": toynn.sweep(
    X_three, y_three, widths=[width], depth=depth, seeds=TRY_SEEDS,
    loss="bce", lr=LR, epochs=TARGET_EPOCHS).success_rate(THRESHOLD)[0].item()
    for width, depth in BUDGET[:2]}
for name, rate in three_bands.items():
    print(f"three bands, {name}: works for {rate:.0%} of "
          f"{len(TRY_SEEDS)} seeds")

# %% tags=["claims"]
toynn.check_claim(relu_fenced == 0,
                  "in every ReLU run the disc's region leaks out")
toynn.check_claim(relu_best > best_accuracy.max().item(),
                  "the best ReLU run gets more fresh points right than any "
                  "sigmoid run")
rate_one, rate_two = three_bands.values()
toynn.check_claim(rate_one > rate_two,
                  "with three bands, one layer of nine works more often than "
                  "two layers of four")
