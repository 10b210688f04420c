# %% [markdown]
# # Depth: can more layers replace width?
#
# You will learn why a stack of layers of two units cannot separate the rings, however
# deep, and where a second layer does pay off. Read [A network built by
# hand](../by-hand/), [Two rings](../classification/) and [How often does it
# work?](../statistics/) first: this page uses their triangle of three lines, the failure
# of two units, and counting over many seeds.
#
# Two units per [hidden layer](../../glossary/#hidden-layer) are too narrow for the rings.
# But what if we stack more layers of two? Each layer bends the plane again, so surely four
# layers of two units can do what one layer of three does? They can't, and this page shows
# why, with a hundred [seeds](../../glossary/#seed) per [depth](../../glossary/#depth) and
# a picture of what each layer does to the plane. The argument is topological, from Chris
# Olah's essay ["Neural Networks, Manifolds, and
# Topology"](https://colah.github.io/posts/2014-03-NN-Manifolds-Topology/) (2014). Then we
# turn it around: a problem where, for the same number of parameters, a second layer does
# what a single wider layer did not in any of our runs.

# %% tags=["knobs"]
DATA_SEED = 100  # the rings of the Two rings page
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
# ## Width 2, deeper
#
# We train width-2 nets with 1, 2, 3 and 4 hidden layers, {{ n_seeds }} seeds each, next
# to width 3 with one layer. `toynn.sweep` trains them all together; `depth=DEPTHS` sweeps
# the depth instead of the width. As on the statistics page, the sweeps train on a
# quarter of the points, {{ POINTS_PER_CLASS }} per class, and a run *works* if its final
# loss is below `THRESHOLD` (its [success rate](../../glossary/#success-rate) is the share
# of seeds that work).

# %% tags=["headline"]
X, y = toynn.make_rings(1000, seed=DATA_SEED)  # all the points: for evaluation
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
# Do they help at all? Evaluate every run on the full rings, 2000 points drawn apart from
# those the runs trained on:

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
# $2 \times 2$ matrix $W$ is invertible, the layer is one-to-one and continuous both ways:
# it can stretch, shear and bend the plane, but not tear it or glue two points together,
# and neither can a stack of such layers.
#
# Take the circle of radius 3.5 through the middle of the ring. After every layer its
# image is still a closed loop around the disc's image: to get the disc out, a point of
# the loop would have to land on a point of the disc. The output unit then draws a
# straight line in the last layer's activations, and a line with the disc's image on one
# side cuts the loop, putting part of it, and the ring points near it, on the disc's side.
# So no net whose layers all have width 2 classifies the whole ring right, however deep.
# The argument needs *every* layer to map the plane one-to-one into a plane; a single
# wider layer anywhere breaks it, as the last section shows.
#
# `toynn.plot_layers` draws a trained net of depth 2 layer by layer: a grid over the
# input, the points and the loop (the heavy line), in each layer's
# [pre-activations](../../glossary/#pre-activation) $z = Wh + b$ (the sigmoid would
# squeeze them into the corners of the unit square, where nothing can be seen). The
# output's straight line is the dashed curve in the last panel. The run shown is the one
# of depth 2 whose second layer is furthest from singular, that is from collapsing the
# plane onto a line.

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

# %% [markdown]
# Follow the loop from panel to panel: each layer stretches, shears and bends it, and it
# stays a closed loop around the disc's points. The dashed curve, the output's boundary,
# cuts across it and puts {{ loop_wrong:.0%}} of the loop on the disc's side; the ring
# points near that stretch of the loop are the ones this net gets wrong.
#
# Trained nets do get near the edge of this argument: many have a layer that is nearly
# singular, or units rounded to exactly 0 or 1. [Going further: the gap in the depth
# argument](../depth-gap/) measures how often, and shows that even the best of them still
# leaks out through the ring, as a theorem says it must.

# %% [markdown]
# ## Where depth does help
#
# The rings need a closed curve, and a stack of width-2 layers can't make one. The
# condition is *every* layer: a width-2 layer followed by a wider one can. Build one by
# hand: a first layer $h = \sigma(x/2)$, one unit per coordinate, maps the plane
# one-to-one into the unit square and keeps the ring around the disc; a second layer of
# three units draws the triangle of [A network built by hand](../by-hand/) around the
# disc's image in those coordinates. `toynn.MLP` has one width for all its layers, so
# this net is plain PyTorch:

# %%
angles = torch.tensor([90.0, 210.0, 330.0]) * math.pi / 180
normals = torch.stack([angles.cos(), angles.sin()], dim=1)  # unit normals
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
# Every point is right, and on circles of radius 3.5, 10 and 30 the net predicts "ring"
# all the way round: the disc's region is closed, though the first layer has only two
# units. One layer wide enough, anywhere in the stack, is what it takes.
#
# Give every layer enough width, and depth can pay off where one wide layer struggles.
# Take a target: a disc and three rings around it, with alternating classes. A single
# hidden layer has to build each circle out of straight lines that cross the whole plane,
# through the other bands. Two layers can split the work: the first turns each point into
# roughly its distance from the centre, the second cuts that number into bands, one unit
# per boundary.
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
toynn.check_claim(median_one < median_two,
                  "the single layer's median final loss is lower")
toynn.check_claim(one[2] < 0.05 and three[2] < two[1],
                  "one layer of 9 practically never works, three layers of 3 "
                  "less often than two of 4")

# %% [markdown]
# With the same {{ n_parameters }} parameters, a single layer of 9 units practically never
# separates the four bands (works for {{ one[0]:.0%}}; its interval ends at
# {{ one[2]:.0%}}), and two layers of 4 do it for {{ two[0]:.0%}} of the seeds: the two
# intervals do not overlap. Three layers of 3 get there for {{ three[0]:.0%}}. That is
# what "depth helps" means here, for one learning rate, one budget of
# {{ TARGET_EPOCHS:,}} epochs and one threshold. On average the single layer does
# better: its median final loss is {{ median_one:.3f }}, against {{ median_two:.3f }} for
# two layers, many of whose runs stall. Depth gets all the way more often; it does not
# do better on average.
#
# On fresh points from another seed: the share of runs of each shape that get *every*
# fresh point right, and the best run of the single layer and of two layers:

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
# depth 2 do. The single layer builds every circle out of lines that cross the whole
# plane; the net of depth 2 draws nested curves, as the net built by hand does (whether it
# computes a distance from the centre in its first layer is not measured here).
#
# ## Summary
#
# - Depth does not replace width when every layer is too narrow: a stack of layers of two
#   units can't close a curve around anything, however deep, so every
#   [decision region](../../glossary/#decision-region) leaks out.
# - Why: each layer of two units maps the plane one-to-one into a plane, so a loop around
#   the disc stays around it, and the output's straight line must cut it.
# - One wider layer anywhere in the stack is enough to close a region.
# - Where every layer is wide enough, later layers reuse what earlier ones computed: for
#   the bands, two layers of four got all the way far more often than one of nine, with
#   the same number of parameters.
#
# ## Try this
#
# Predict, then open the answer; the cell in each answer backs it with smaller runs
# (`TRY_SEEDS`).
#
# 1. **ReLU units** collapse for real: each sets a whole half-plane to zero. Do
#    width-2 ReLU nets of depth 2 and 4 get through?
#    <details><summary>Answer</summary>
#    No: in every run the disc's region still leaks out through the ring. But the leak
#    is a narrow, straight-sided channel that few ring points fall into, so the best
#    ReLU runs get more fresh points right than any sigmoid run above, and one may even
#    end below the loss threshold: a loss on a finite sample can't tell a narrow leak
#    from none.
#    </details>

# %% tags=["answer"]
radii = [2.0, 3.5, 10.0, 30.0]  # circles around the disc, out to far beyond
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

# %% [markdown]
# 2. **Three bands instead of four**, `BANDS = 3`. Does depth still win?
#    <details><summary>Answer</summary>
#    No: two boundaries are few enough for a single layer of nine units, which then
#    works more often than two layers of four. Depth pays off when the pattern outgrows
#    what one layer of that size can draw.
#    </details>

# %% tags=["answer"]
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
