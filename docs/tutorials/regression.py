# %% [markdown]
# # Regression: steps and bumps
#
# The network of the classification pages now fits a curve: one input $x$, one output
# $\hat y$. You will learn what a hidden [unit](../../glossary/#unit) does with a single
# input (it switches at one point, its [threshold](../../glossary/#threshold)), how to
# read a trained network's prediction as a staircase of those switches, and how to build
# a network by hand, with no training, from pairs of units that make bumps. Read
# [Two rings: why two units fail](../classification/) and
# [Hidden space](../hidden-space/) first; [Training](../training/) explains the
# [loss](../../glossary/#loss) and the optimiser used here. Every number in the text is
# filled in from the run, and the claims about results are checked in the folded cells.

# %% tags=["knobs"]
SEED = 0  # initial weights of the main run
LR = 1e-2
WIDTH = 10  # hidden units of the main run
EPOCHS = 20_000
SWEEP_WIDTHS = [*range(1, 11), 15, 20, 25, 30, 35, 40]
SWEEP_SEEDS = list(range(5))
SWEEP_EPOCHS = 10_000
HAND_WIDTHS = [10, 20, 40, 100, 200]  # hand-built nets: two units per bump
STEEPNESS = 200  # weight w of every hand-built unit

# %%
import math

import matplotlib.pyplot as plt
import torch

import toynn

# %% [markdown]
# ## The data
#
# `toynn.make_damped_sine` samples $y = \sin(3x)\, e^{-x/8}$ at
# $x = -10, -9.9, \dots, 9.9$, 200 points. The factor $e^{-x/8}$, the *envelope*, shrinks
# the waves from left to right:

# %%
X, y = toynn.make_damped_sine()
x = X[:, 0]
envelope = torch.exp(-x / 8)
slope = torch.diff(y)
turns = int((slope[1:] * slope[:-1] < 0).sum())
signs = torch.sign(y[y != 0])
crossings = int((signs[1:] != signs[:-1]).sum())
print(f"X: {tuple(X.shape)}, y: {tuple(y.shape)}, "
      f"y from {y.min():.2f} to {y.max():.2f}")
print(f"envelope: {envelope[0]:.2f} at x = {x[0]:.0f}, "
      f"{envelope[-1]:.2f} at x = {x[-1]:.1f}")
print(f"{turns} peaks and troughs, {crossings} sign changes")
ax = toynn.plot_data(X, y)
ax.set_title(f"y = sin(3x) exp(-x/8), {len(x)} points")
shrink = (envelope[0] / envelope[-1]).item()
y_low, y_high = y.min().item(), y.max().item()

# %% [markdown]
# From left to right the waves shrink {{ shrink:.0f }}-fold, and the curve turns
# {{ turns }} times.
#
# ## The model
#
# One input, $H$ [sigmoid](../../glossary/#sigmoid) hidden units, one linear output:
#
# $$ \hat y(x) = c + \sum_{i=1}^{H} v_i\, \sigma(w_i x + b_i). $$
#
# Unit $i$ has a [weight](../../glossary/#weight) $w_i$, a [bias](../../glossary/#bias)
# $b_i$ and an output weight $v_i$; $c$ is the output's bias. The output has no sigmoid:
# $y$ is any real number, here from {{ y_low:.1f }} to {{ y_high:.1f }}, and a sigmoid
# would squeeze every prediction into $(0, 1)$. The loss changes for the same reason.
# [Cross-entropy](../../glossary/#cross-entropy) scores a probability against targets 0
# or 1; for real-valued targets the natural loss is the mean
# [squared error](../../glossary/#squared-error) $\frac{1}{N}\sum_n (\hat y_n - y_n)^2$
# (`loss="mse"`), trained with [full-batch](../../glossary/#full-batch)
# [Adam](../../glossary/#adam) as before.
#
# How many units does the curve need? A [sweep](../../glossary/#sweep) trains every
# ([width](../../glossary/#width), [seed](../../glossary/#seed)) pair of a grid at once:

# %%
result = toynn.sweep(X, y, widths=SWEEP_WIDTHS, seeds=SWEEP_SEEDS, loss="mse",
                     lr=LR, epochs=SWEEP_EPOCHS)
print(result)
median = result.final_losses.median(dim=1).values
for width, losses, mid in zip(result.widths, result.final_losses, median):
    print(f"width {width:2d}: final loss, best {losses.min():.3f}, "
          f"median {mid:.3f}")
ax = toynn.plot_final_losses(result)
n_sweep_seeds = len(SWEEP_SEEDS)
ax.set_title(f"After {SWEEP_EPOCHS} epochs, {n_sweep_seeds} seeds per width")

# %% tags=["claims"]
at = dict(zip(result.widths, median.tolist()))
widest = result.widths[-1]
per_unit_first = (at[1] - at[WIDTH]) / (WIDTH - 1)
per_unit_after = (at[WIDTH] - at[widest]) / (widest - WIDTH)
toynn.check_claim(at[widest] < at[1] / 2, "more units fit better")
toynn.check_claim(per_unit_first > 3 * per_unit_after,
                  "returns diminish: a unit added beyond the first few gains "
                  "less than one of them")

# %% [markdown]
# More units fit better, with diminishing returns and a spread between seeds: from 1 to
# {{ WIDTH }} units the median loss falls by {{ per_unit_first:.3f }} per added unit,
# from there to {{ widest }} units by {{ per_unit_after:.4f }}. Why is one unit far from
# enough? It switches once, at one place on the $x$ axis, while the curve changes
# direction {{ turns }} times, more often than the next run has units.
#
# ## Ten units, a long run

# %%
history = toynn.fit(toynn.MLP(1, width=WIDTH), X, y, loss="mse", lr=LR,
                    epochs=EPOCHS, seed=SEED)
model = history.model
flat = (y ** 2).mean().item()  # the error of a flat line at zero
print(history)
print(f"loss {history.losses[0]:.3f} at the start, "
      f"{history.final_loss:.3f} after {EPOCHS} epochs; "
      f"a flat line at zero scores {flat:.3f}")
ax = toynn.plot_regression_fit(model, X, y, staircase=False,
                               threshold_lines=False)
ax.set_title(f"Width {WIDTH}, {EPOCHS} epochs")

# %% tags=["claims"]
def relative_errors(model, X, y):
    """Squared error over mean y^2, on the left and on the right of x = 0."""
    with torch.no_grad():
        error = (model(X) - y) ** 2
    halves = X[:, 0] < 0, X[:, 0] >= 0
    return [(error[h].mean() / (y[h] ** 2).mean()).item() for h in halves]


left, right = relative_errors(model, X, y)
toynn.check_claim(left < right / 10,
                  "the fit is far better on the left than on the right")

# %% [markdown]
# The loss starts at {{ history.losses[0]:.3f }}, near {{ flat:.3f }}, the mean of $y^2$:
# with its small initial weights the untrained net predicts nearly a constant, and a flat
# line at zero scores exactly the mean of $y^2$. After {{ EPOCHS:,}}
# [epochs](../../glossary/#epoch) it is {{ history.final_loss:.3f }}. (The 2019 teaching
# notebook these pages are based on reported about 1.27 at the start and 0.25 at the end,
# from its own initial weights.) The fit follows the big waves on the left and misses the
# small ones on the right; [What squared error cares about](../squared-error/) finds out
# why. This page looks at how the prediction is built.
#
# ## Thresholds
#
# Unit $i$ is off for $w_i x + b_i < 0$ and on for $w_i x + b_i > 0$: it switches at
#
# $$ \delta_i = -\,b_i / w_i . $$
#
# If $w_i > 0$ it switches on as $x$ passes $\delta_i$ from left to right, adding $v_i$ to
# the prediction; if $w_i < 0$ it switches off, taking $v_i$ away. `toynn.thresholds`
# returns the $\delta_i$, and `toynn.output_weights` the output layer's $v$ and $c$:

# %%
deltas = toynn.thresholds(model)
w = model.hidden_layers[0].weight.detach()[:, 0]
v, c = toynn.output_weights(model)
for i in deltas.argsort().tolist():
    change = f"adds {v[i]:+7.2f}" if w[i] > 0 else f"takes away {v[i]:+7.2f}"
    print(f"unit {i}: switches at x = {deltas[i]:+7.2f}, "
          f"|w| = {w[i].abs():5.2f}, {change}")

# %% [markdown]
# ## The prediction as a staircase
#
# Replace every sigmoid by a hard step (1 if $w_i x + b_i > 0$, else 0) and keep the output
# layer: `toynn.step_predict` does exactly that. **Before you run the next cell**, sketch
# the function it computes from the table above: what shape, how many levels, where does
# it change? Then open the answer.
#
# <details>
# <summary>Answer</summary>
#
# A staircase. Between two neighbouring thresholds no unit changes state, so the
# prediction is flat there; at each threshold it jumps by $\pm v_i$. With $H$ units that
# is at most $H + 1$ levels. Only thresholds inside the data make a step we can see, and
# two thresholds closer together than the grid spacing of 0.1 show as a single step. The
# cell counts both.
#
# </details>

# %% tags=["headline"]
staircase = toynn.step_predict(model, X)
inside = (deltas > x.min()) & (deltas < x.max())
on_left = int((inside & (deltas < 0)).sum())
on_right = int((inside & (deltas >= 0)).sum())
steps = int((staircase.diff() != 0).sum())
gaps = len(torch.searchsorted(x, deltas[inside]).unique())
print(f"{len(staircase.unique())} distinct levels (at most {WIDTH + 1}), "
      f"{steps} steps")
print(f"{int(inside.sum())} of {WIDTH} thresholds fall inside the data, in "
      f"{gaps} different gaps of the grid: {on_left} left of 0, "
      f"{on_right} right of it")
ax = toynn.plot_regression_fit(model, X, y, staircase=True,
                               threshold_lines=True)
ax.set_title("Smooth prediction, step prediction and thresholds")

# %% tags=["claims"]
n_inside = int(inside.sum())
toynn.check_claim(on_left > on_right,
                  "the thresholds inside the data crowd on the left")

# %% [markdown]
# Where the thresholds sit is where the network spends its units; with this seed
# {{ on_left }} of the {{ n_inside }} thresholds inside the data lie left of zero, among
# the big waves. The staircase is only a caricature of the smooth curve. A unit with a
# small $|w_i|$ switches gradually, over a width of about $4 / |w_i|$, and two units with
# large opposite $v_i$ and nearby thresholds make a tall, narrow spike in the staircase
# that the smooth curve never shows. Still, it tells the story of the fit: one jump of
# $\pm v_i$ per unit. Why training makes such spikes, and a network built by hand does
# not, is the subject of the going-further page
# [The messy staircase, explained](../staircase/).
#
# ## Bumps built by hand
#
# Training found the weights of every net so far. Could we write them down ourselves?
# Michael Nielsen's [*Neural Networks and Deep
# Learning*](http://neuralnetworksanddeeplearning.com/chap4.html) (chapter 4) shows how, for
# any continuous curve. Give a unit a large weight $w$: its sigmoid then rises from
# $\sigma(-2)$ to $\sigma(2)$, most of the way from 0 to 1, over a stretch $4/w$ wide
# around its threshold, almost a hard step. Two such units with thresholds $a < b$ and
# output weights $+h$ and $-h$ make a *bump*: the first adds $h$ at $a$, the second takes
# it away at $b$, so the prediction is $h$ between $a$ and $b$ and 0 elsewhere.
#
# `toynn.MLP.from_weights` builds a model from weights we choose: one pair `(W, b)` for
# the [hidden layer](../../glossary/#hidden-layer), in `nn.Linear`'s convention (`W` of
# shape `(H, 1)`, `b` of shape `(H,)`), and the pair `(v, c)` for the output. A unit
# with weight $w$ that switches at $\delta$ has the bias $b = -w\delta$. The function
# `bumps` below makes one bump between each two neighbouring edges. The upper panel is
# one bump, half a unit wide and 2 tall, with each unit's contribution
# $v_i\,\sigma(w_i x + b_i)$ dashed; the lower panel has the same thresholds with
# shallow units, $w = 2$, as shallow as some trained units in the table of thresholds
# above:

# %%
def bumps(edges, heights, steepness=STEEPNESS):
    """Two units per bump: +h switches on at its left edge, -h at its right."""
    switches = torch.stack([edges[:-1], edges[1:]], dim=1).flatten()
    W = torch.full((len(switches), 1), float(steepness))
    v = torch.stack([heights, -heights], dim=1).flatten()
    return toynn.MLP.from_weights([(W, -steepness * switches)], (v, 0.0))


edges = torch.tensor([-0.25, 0.25])
gap, shallow = (edges[1] - edges[0]).item(), 2.0
tall = 2 / math.tanh(shallow * gap / 4)  # v that makes the shallow hump 2 tall
pair_nets = {
    f"Steep units, w = {STEEPNESS}": bumps(edges, torch.tensor([2.0])),
    f"Shallow units, w = {shallow:g}": bumps(edges, torch.tensor([tall]),
                                             shallow),
}
grid = torch.linspace(-3, 3, 601)[:, None]
fig, axes = plt.subplots(2, 1, figsize=(7, 6.4), sharex=True,
                         layout="constrained")
tops = {}
for ax, (title, net) in zip(axes, pair_nets.items()):
    v_pair, _ = toynn.output_weights(net)
    with torch.no_grad():
        parts = net.hidden(grid)[0] * v_pair  # v_i * sigmoid(w_i x + b_i)
        total = net(grid)
    step_version = toynn.step_predict(net, grid)
    for i, part in enumerate(parts.T):
        ax.plot(grid[:, 0], part, linestyle="--", label=f"unit {i + 1}")
    ax.plot(grid[:, 0], step_version, color="C2", label="step units")
    ax.plot(grid[:, 0], total, color="black", linewidth=2,
            label="sum: the net")
    ax.set(title=f"{title}, v = ±{v_pair[0]:.2f}",
           ylabel="contribution")
    tops[title] = total.max().item(), step_version.max().item()
    print(f"{title}: the net peaks at {tops[title][0]:.2f}, "
          f"its step version at {tops[title][1]:.2f}")
axes[1].set_xlabel("x")
axes[0].legend(loc="upper left", ncols=2)
(steep_top, steep_step), (shallow_top, shallow_step) = tops.values()
spike = shallow_step / shallow_top

# %% [markdown]
# With steep units the bump is what the output weights say: a plateau of height
# {{ steep_top:.2f }}, and its step version is the same curve (the green line hides under
# the black one). With shallow units the two sigmoids overlap: while the first is still
# rising, the second already takes away. Halfway between thresholds $g$ apart, the sum
# reaches only $v \tanh(wg/4)$, so a hump {{ shallow_top:.0f }} tall needs
# $v$ = ±{{ tall:.2f }}, and its step version is a spike {{ spike:.1f }} times taller
# than anything the net outputs.
#
# Now tile the data's range with bumps of equal width, from half a grid step before the
# first point to half a step beyond the last, and give each the height of the curve at its
# middle. That is the whole construction, with no training: $H$ units make $H/2$ bumps.
# Forty units, as many as the widest trained net, and two hundred:

# %%
def curve(x):
    return torch.sin(3 * x) * torch.exp(-x / 8)


spacing = (x[1] - x[0]).item()


def built(width, steepness=STEEPNESS):
    """width / 2 bumps tiling the data, as tall as the curve mid-bump."""
    edges = torch.linspace(x[0] - spacing / 2, x[-1] + spacing / 2,
                           width // 2 + 1)
    heights = curve((edges[:-1] + edges[1:]) / 2)
    return bumps(edges, heights, steepness)


span = (x[-1] - x[0] + spacing).item()
bump_width = {width: span / (width // 2) for width in [*HAND_WIDTHS, 40, 200]}
period = 2 * math.pi / 3  # of sin(3x)
fig, axes = plt.subplots(2, 1, figsize=(7, 6.4), sharex=True,
                         layout="constrained")
for ax, width in zip(axes, [40, 200]):
    toynn.plot_regression_fit(built(width), X, y, staircase=False,
                              threshold_lines=False, ax=ax)
    ax.set_title(f"Built by hand: {width} units, {width // 2} bumps "
                 f"{bump_width[width]:.1f} wide")
axes[0].set_xlabel("")

# %% [markdown]
# Forty units make bumps {{ bump_width[40]:.0f }} wide in $x$, about two per wave (the curve
# repeats every $2\pi/3$, {{ period:.1f }}): a coarse staircase. Two hundred make bumps
# {{ bump_width[200]:.1f }} wide that follow every wave, on the left and on the right alike.
# How does the error fall with $H$, and how does it compare with the trained nets of the
# width sweep, whose parameters number the same $3H + 1$? The next figure puts both on log
# scales, with the error of a flat line at zero dotted:

# %%
def mse(model):
    with torch.no_grad():
        return ((model(X) - y) ** 2).mean().item()


hand_mse = {width: mse(built(width)) for width in HAND_WIDTHS}
median_mse = dict(zip(result.widths, median.tolist()))
for width in HAND_WIDTHS:
    trained = median_mse.get(width)
    print(f"{width:3d} units: built by hand {hand_mse[width]:.3f}"
          + (f", trained (median) {trained:.3f}" if trained else ""))
one_per_point = 2 * len(x)
exact_mse = mse(built(one_per_point))  # one bump per data point
print(f"flat line at zero: {flat:.3f}; {one_per_point} units, one bump per "
      f"data point: {exact_mse:.1e}")

widths = torch.tensor(result.widths)
fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
ax.scatter(widths.repeat_interleave(len(SWEEP_SEEDS)), result.final_losses,
           s=14, color="C0", alpha=0.4, linewidths=0)
ax.plot(widths, median, marker="o", color="C0",
        label=f"trained, {SWEEP_EPOCHS} epochs (median)")
ax.plot(HAND_WIDTHS, list(hand_mse.values()), marker="s", color="C3",
        label="built by hand")
ax.axhline(flat, color="grey", linestyle=":", label="flat line at zero")
ax.set(xscale="log", yscale="log", xlabel="hidden units H (log scale)",
       ylabel="mean squared error (log scale)",
       title="Built by hand against trained")
ticks = [1, 2, 5, 10, 20, 40, 100, 200]
ax.set_xticks(ticks, labels=[str(t) for t in ticks])
ax.legend()

# %% tags=["claims"]
both = [h for h in HAND_WIDTHS if h in median_mse and h < 100]
better = {h: hand_mse[h] / median_mse[h] for h in both}
toynn.check_claim(all(ratio > 3 for ratio in better.values()),
                  "with as many units, trained nets are several times better "
                  "than the construction")
trained_20 = median_mse[20]
toynn.check_claim(hand_mse[100] > 2 * trained_20 > hand_mse[200],
                  "the construction needs between 100 and 200 units to come "
                  "within a factor 2 of a trained net with 20")
toynn.check_claim(hand_mse[20] > flat > hand_mse[40],
                  "with 10 or 20 units the construction is worse than a flat "
                  "line, with 40 better")
times_lower = ", ".join(f"{ratio:.0f}" for ratio in better.values())
with_units = ", ".join(str(h) for h in better)
hand_halves = {h: relative_errors(built(h), X, y) for h in HAND_WIDTHS}
for h, (lt, rt) in hand_halves.items():
    print(f"built by hand, {h:3d} units: relative error left {lt:.3f}, "
          f"right {rt:.3f}")
left_200, right_200 = hand_halves[200]
comparison_200 = ("slightly better than" if hand_mse[200] < trained_20
                  else "still worse than")

# %% [markdown]
# The construction illustrates the point of Nielsen's chapter, that a wide enough net can
# follow any continuous curve (here one curve, by one recipe), but it is wasteful. With
# {{ with_units }} units, the trained nets' median error is {{ times_lower }} times lower.
# The construction needs between 100 and 200 units to come within a factor 2 of a trained
# net with 20: at 200 units its error is {{ hand_mse[200]:.3f }}, {{ comparison_200 }} the
# trained median of {{ trained_20:.3f }} at 20. With 10 or 20 units it is worse than a flat
# line ({{ hand_mse[10]:.2f }} and {{ hand_mse[20]:.2f }} against {{ flat:.2f }}): bumps
# {{ bump_width[10]:.0f }} and {{ bump_width[20]:.0f }} wide span two waves and one, and
# the heights read at their middles miss the waves. Unlike training, the construction
# treats both halves alike: at 200 units its error relative to the mean of $y^2$ is
# {{ left_200:.3f }} on the left and {{ right_200:.3f }} on the right, since nothing
# decides where the units go; they are spread evenly. And with one bump per data point,
# {{ one_per_point }} units, the error on the data vanishes ({{ exact_mse:.1e }},
# rounding), yet between the points the net is still a staircase: matching the points is
# not the same as learning the curve.
#
# ## Summary
#
# - With one input, each sigmoid unit switches at its threshold $\delta_i = -b_i/w_i$,
#   where it adds or takes away its output weight $v_i$.
# - With hard steps in place of sigmoids, the prediction is a staircase of at most
#   $H + 1$ levels. The trained units go where the waves are big: with this seed
#   {{ on_left }} of the {{ n_inside }} thresholds inside the data lie left of zero.
# - More units fit better, with diminishing returns: {{ per_unit_first:.3f }} per unit up
#   to {{ WIDTH }} units, {{ per_unit_after:.4f }} beyond.
# - Two steep units with output weights $+h$ and $-h$ make a bump, and bumps tiled side by
#   side follow the curve with no training at all, but wastefully: {{ hand_mse[200]:.3f }}
#   with 200 units, against {{ trained_20:.3f }} for a trained net with 20.
#
# ## Try this
#
# Predict, run, then open the answer; each is backed by a run on this page.
#
# 1. **Three units.** Where will a three-unit net put its thresholds? The width sweep
#    trained some; predict before you look.
#    <details><summary>Answer</summary>
#
#    All on the far left, among the biggest waves: for every seed of the sweep, the
#    three thresholds lie left of $x = -5$, in the first quarter of the data.
#
#    </details>

# %% tags=["answer"]
three = [toynn.thresholds(result.model(3, seed)) for seed in SWEEP_SEEDS]
for seed, cuts in zip(SWEEP_SEEDS, three):
    print(f"3 units, seed {seed}: thresholds at",
          ", ".join(f"{t:.1f}" for t in cuts.sort().values.tolist()))

# %% [markdown]
# 2. **Softer steps.** Build the 200-unit net again with less steep units, `w = 20`
#    (they switch over $4/20$, two grid steps), then `w = 2`. Better or worse?
#    <details><summary>Answer</summary>
#
#    With `w = 20`, better: the error falls by more than half, as each switch ramps over
#    a few data points and rounds off the staircase's corners. With `w = 2` each switch
#    ramps over a whole wave, the bumps blur into one another, and the error comes close
#    to that of a flat line. Steep units make the construction easy to read, not the
#    best fit.
#
#    </details>

# %% tags=["answer"]
soft_mse = {w: mse(built(200, steepness=w)) for w in [20, 2]}
print(f"200 units built by hand: w = {STEEPNESS}: {hand_mse[200]:.4f}, "
      f"w = 20: {soft_mse[20]:.4f}, w = 2: {soft_mse[2]:.3f}")

# %% tags=["claims"]
toynn.check_claim(all(bool((cuts < -5).all()) for cuts in three),
                  "three units put every threshold left of x = -5, for every "
                  "seed of the sweep")
toynn.check_claim(soft_mse[20] < hand_mse[200] / 2,
                  "200 units with w = 20 fit better than with steep units")
toynn.check_claim(soft_mse[2] > 0.75 * flat,
                  "with w = 2, the construction is nearly as bad as a flat "
                  "line")
