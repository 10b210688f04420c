# %% [markdown]
# # Regression: a damped sine
#
# The same kind of network as in the [classification tutorial](../classification/), now
# fitting a curve. With one input, each hidden unit no longer draws a line but picks a
# single point on the $x$ axis, its *threshold*, where it switches. The prediction is built
# from these switches: as a unit switches on it adds its output weight $v_i$, as it
# switches off it takes $v_i$ away, a change of $\pm v_i$. We fit a sine whose amplitude
# shrinks from left to right, find that the fit is good on one side only, form a hypothesis
# about why, and test it twice. Then we build a network by hand, without training, and
# compare it with the trained ones. Every number in the text is filled in from the run,
# and every general statement about a result is checked by the page, often against
# several seeds at once, in the cells folded under "Checks of the claims about this
# result".

# %% tags=["knobs"]
SEED = 0  # initial weights of the main runs
LR = 1e-2
WIDTH = 10  # hidden units of the main run
EPOCHS = 20_000  # every compared run trains this long
SNAPSHOTS = 50  # weights kept during the main run, for the figure that scrubs
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
# `toynn.make_damped_sine` samples $y = \sin(3x)\, e^{-x/8}$ at $x = -10, -9.9, \dots, 9.9$.
# The envelope $e^{-x/8}$ shrinks the waves from left to right:

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
# From left to right the envelope shrinks the waves {{ shrink:.0f }}-fold, and the curve
# turns {{ turns }} times.
#
# ## The model
#
# One input, $H$ sigmoid hidden units, one linear output:
#
# $$ \hat y(x) = c + \sum_{i=1}^{H} v_i\, \sigma(w_i x + b_i). $$
#
# The output stays linear, without a sigmoid: $y$ is any real number, here from
# {{ y_low:.1f }} to {{ y_high:.1f }}, and a sigmoid would squeeze every prediction into
# $(0, 1)$. For the same
# reason the loss changes. Binary cross-entropy needs targets 0 or 1 and scores a
# probability; for a real-valued target the natural loss is the mean squared error
# $\frac{1}{N}\sum_n (\hat y_n - y_n)^2$ (`loss="mse"`), trained with full-batch Adam.
#
# How many units does the curve need? `toynn.sweep` trains every (width, seed) pair of a
# grid at once, so we can look at several seeds per width at the price of a few single
# runs:

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
# More units fit better, with diminishing returns and a spread between seeds: going from
# 1 to {{ WIDTH }} units lowers the median loss by {{ per_unit_first:.3f }} per added
# unit, going on to {{ widest }} units by {{ per_unit_after:.4f }}. Each unit switches
# once, at one place on the $x$ axis, while the curve changes direction at every peak and
# trough the first cell counted: {{ turns }} times, more often than the main run below
# has units.
#
# ## Ten units, a long run

# %%
history = toynn.fit(toynn.MLP(1, width=WIDTH), X, y, loss="mse", lr=LR,
                    epochs=EPOCHS, seed=SEED, snapshots=SNAPSHOTS)
model = history.model
print(history)
print(f"loss {history.losses[0]:.3f} at the start, "
      f"{history.final_loss:.3f} after {EPOCHS} epochs")
ax = toynn.plot_regression_fit(model, X, y, staircase=False,
                               threshold_lines=False)
ax.set_title(f"Width {WIDTH}, {EPOCHS} epochs")


# %%
flat = (y ** 2).mean().item()  # the error of a flat line at zero

# %% [markdown]
# The loss starts at {{ history.losses[0]:.2f }}: with its small initial weights the
# untrained net predicts nearly a constant, so it starts near the error of a flat line at
# zero, the mean of $y^2$, {{ flat:.2f }}. It ends at {{ history.final_loss:.3f }}. (The
# 2019 teaching notebook these tutorials are based on reported about 1.27 at the start and
# 0.25 at the end, from its own initial weights.) Where is the fit good? To compare the
# two halves fairly, divide each half's mean squared error by the mean of $y^2$ there, the
# error of predicting zero: 0 is a perfect fit, 1 is no better than a flat line at zero.

# %%
def relative_errors(model, X, y):
    """Squared error over mean y^2, on the left and on the right of x = 0."""
    with torch.no_grad():
        error = (model(X) - y) ** 2
    halves = X[:, 0] < 0, X[:, 0] >= 0
    return [(error[h].mean() / (y[h] ** 2).mean()).item() for h in halves]


left, right = relative_errors(model, X, y)
print(f"relative error: left {left:.3f}, right {right:.3f}")

# %% tags=["claims"]
toynn.check_claim(left < right / 10, "the left half fits far better")

# %% [markdown]
# The fit is good on the left, where the waves are big (relative error
# {{ left:.3f }}), and poor on the right ({{ right:.2f }}).
#
# How did it get there? The run kept {{ SNAPSHOTS }} snapshots of its weights, and
# `toynn.interactive.regression_scrubber` replays them: the prediction, each unit's
# threshold (dotted, where it switches; more on those below) and the loss. Drag the
# slider or press play.

# %%
toynn.interactive.regression_scrubber(history, X, y)

# %%
epochs = list(history.snapshots)
errors_at = {e: relative_errors(history.model_at(e), X, y) for e in epochs}
fitted = next(e for e in epochs if errors_at[e][0] < 0.2)
in_data = [t for t in toynn.thresholds(history.model_at(fitted)).tolist()
          if X.min() <= t <= X.max()]
in_data_count = len(in_data)
at_1000 = history.losses[1000]
n_left = sum(t < 0 for t in in_data)
right_floor = min(right for _, right in errors_at.values())
print(f"loss at epoch 1000: {at_1000:.3f}")
print(f"left half below 0.2 from epoch {fitted} on: "
      f"{errors_at[fitted][0]:.3f}; thresholds then: "
      f"{sorted(round(t, 1) for t in in_data)}")
print(f"right half, lowest over the snapshots: {right_floor:.3f}")

# %% tags=["claims"]
stays = all(errors_at[e][0] < 0.2 for e in epochs if e >= fitted)
toynn.check_claim(stays, "once below 0.2, the left half's error stays there")
toynn.check_claim(n_left > len(in_data) / 2,
                  "most thresholds inside the data lie left of zero")
toynn.check_claim(all(errors_at[e][1] > errors_at[e][0]
                      for e in epochs if e >= fitted),
                  "once the left half is fitted, the right half's error stays "
                  "above the left's")

# %% [markdown]
# Scrub from the start. For the first thousand epochs the loss falls only from
# {{ history.losses[0]:.2f }} to {{ at_1000:.2f }}: the units' thresholds drift while the
# prediction stays nearly flat. Then they sweep left, to the biggest waves, where each unit
# reduces the error most. With this seed, from epoch {{ fitted }} on, the left half's
# relative error is below 0.2, and then {{ n_left }} of the {{ in_data_count }} thresholds
# inside the data lie left of zero. The right half lags behind: from then on its relative
# error stays above the left's, and it never goes below {{ right_floor:.2f }}.
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
# {{ on_left }} of the {{ n_inside }} thresholds inside the data lie left of zero. The
# staircase is only a caricature of the smooth curve: a unit with a
# small $|w_i|$ switches gradually, over a width of about $4 / |w_i|$, and two units with
# large opposite $v_i$ and nearby thresholds make a tall, narrow spike in the staircase
# that the smooth curve never shows. Still, it tells the story of the fit: one jump of
# $\pm v_i$ per unit. Why training makes such spikes, and a network built by hand does
# not, is the subject of [the last sections of this page](#bumps-built-by-hand).
#
# ## Why does the left side fit better?
#
# Think about it before you open the answer.
#
# <details>
# <summary>Answer</summary>
#
# The mean squared error adds up $(\hat y - y)^2$, so a half of the curve counts in
# proportion to the size of its errors, and a flat prediction misses by $y$ itself. The
# cell below measures the two halves that are compared: the tallest wave on the left is
# several times taller than the tallest on the right, and the mean of $y^2$ on the left
# is larger still, by the square of that. Missing the left's waves costs that much more, Adam
# follows the gradient of the total, and units that could fit the small waves on the right
# are worth more on the left, so that is where the thresholds go.
#
# </details>

# %%
halves = {"left": x < 0, "right": x >= 0}
peak = {name: y[h].abs().max().item() for name, h in halves.items()}
power = {name: (y[h] ** 2).mean().item() for name, h in halves.items()}
peak_ratio = peak["left"] / peak["right"]
power_ratio = power["left"] / power["right"]
print(f"tallest wave: left {peak['left']:.2f}, right {peak['right']:.2f} "
      f"({peak_ratio:.1f} times taller)")
print(f"mean y²: left {power['left']:.2f}, right {power['right']:.3f}: "
      f"squared error weighs the left {power_ratio:.1f} times more")

# %% [markdown]
# The left's tallest wave is {{ peak_ratio:.1f }} times taller, and its mean $y^2$
# {{ power_ratio:.1f }} times larger.

# %% [markdown]
# A hypothesis is worth a test. **How would you test this one?** Think of an experiment
# whose result would differ if the hypothesis were false, then open the answer.
#
# <details>
# <summary>Answer</summary>
#
# Change how much each side weighs in the loss and see whether the good fit follows. The
# reference's test mirrors the target, so that the big waves, and with them the weight,
# move to the right. A sharper test keeps the data and changes only the loss. The next
# cells run both.
#
# </details>
#
# Mirroring the target (`flip=True` puts the big waves on the right) should move the good
# fit to the right. Same model, same seed, same number of epochs (the reference trained
# the flipped run for 14 000 epochs instead of its {{ EPOCHS:,}}; compared runs should get
# the same budget). The lower panel also shows the flipped run's step prediction:

# %%
X_flip, y_flip = toynn.make_damped_sine(flip=True)
flipped = toynn.fit(toynn.MLP(1, width=WIDTH), X_flip, y_flip, loss="mse",
                    lr=LR, epochs=EPOCHS, seed=SEED)
flip_left, flip_right = relative_errors(flipped.model, X_flip, y_flip)
print(flipped)
print(f"relative error: left {flip_left:.3f}, right {flip_right:.3f}")
fig, axes = plt.subplots(2, 1, figsize=(9, 7), sharex=True,
                         layout="constrained")
toynn.plot_regression_fit(model, X, y, staircase=False, threshold_lines=False,
                          ax=axes[0])
axes[0].set_title("Original target: big waves on the left")
toynn.plot_regression_fit(flipped.model, X_flip, y_flip, ax=axes[1])
axes[1].set_title("Flipped target: big waves on the right, with its staircase")

# %% tags=["claims"]
toynn.check_claim(flip_right < flip_left,
                  "with the target flipped, the right half fits better")

# %% [markdown]
# Flipped, the right half fits better (relative error {{ flip_right:.3f }} against
# {{ flip_left:.3f }} on the left). The good side follows the big waves. But this test cannot tell squared error from
# anything else that follows the big waves. The model and the way its weights are drawn
# are symmetric under $w \to -w$: a net fitting the flipped curve is, in distribution, a
# net fitting the original curve with $x$ mirrored. So the flip changes where the big
# waves are, not how the loss weighs them.
#
# The decisive test keeps the data and changes only the loss. Weigh every point's squared
# error by $e^{x/4}$, the inverse of the envelope squared: the weighted error of a flat
# prediction, $e^{x/4} y^2 = \sin^2(3x)$, is then the same on both halves, and no point
# gets an extreme weight. If squared error is the reason, the good fit should move right,
# and the units with it. A callable loss does it, and because one seed is an anecdote, we
# train {{ n_sweep_seeds }} seeds of each loss, for the same epochs, and count the
# thresholds inside the data that lie right of zero:

# %%
weights = torch.exp(x / 4)


def envelope_weighted_mse(prediction, target):
    return (weights * (prediction - target) ** 2).mean()


settings = dict(seeds=SWEEP_SEEDS, lr=LR, epochs=EPOCHS)
comparison = {
    "squared error": toynn.sweep(X, y, widths=[WIDTH], loss="mse", **settings),
    "weighted by e^(x/4)": toynn.sweep(X, y, widths=[WIDTH],
                                       loss=envelope_weighted_mse, **settings),
}
right_wins, units_right = {}, {}
for name, runs in comparison.items():
    nets = [runs.model(WIDTH, seed) for seed in SWEEP_SEEDS]
    errors = [relative_errors(net, X, y) for net in nets]
    right_wins[name] = sum(rt < lt for lt, rt in errors)
    cuts = torch.cat([toynn.thresholds(net) for net in nets])
    units_right[name] = int(((cuts >= 0) & (cuts <= x.max())).sum())
    shown = ", ".join(f"{lt:.2f}/{rt:.2f}" for lt, rt in errors)
    print(f"{name}: left/right relative error per seed: {shown};")
    print(f"  the right half fits better for {right_wins[name]} of "
          f"{len(errors)} seeds; {units_right[name]} thresholds right of 0")

# %% tags=["claims"]
plain, weighted = "squared error", "weighted by e^(x/4)"
toynn.check_claim(right_wins[plain] == 0,
                  "plain squared error fits the left better for every seed")
toynn.check_claim(right_wins[weighted] > n_sweep_seeds / 2,
                  "the weighted loss fits the right better for most seeds")
toynn.check_claim(units_right[weighted] > 2 * units_right[plain],
                  "the weighted loss moves units to the right")

# %% [markdown]
# Plain squared error fits the left better for every seed; the weighted loss fits the
# right better for {{ right_wins[weighted] }} of the {{ n_sweep_seeds }}, with the same
# data, the same model and the same seeds. And the units follow the loss: over the
# {{ n_sweep_seeds }} nets of each, {{ units_right[plain] }} thresholds lie right of zero
# with plain squared error, {{ units_right[weighted] }} with the weighted loss.
#
# The reference suggested a *percentage* error instead. Squared, it is the squared relative
# error $\big((\hat y - y)/y\big)^2$, a squared error with weight $1/y^2$. That weight is
# what makes it hard: $y$ crosses zero between every two waves, and near a crossing the
# weight explodes, so a few points dominate the loss and its gradient:

# %%
nonzero = y != 0
relative_weights = 1 / y[nonzero] ** 2
zeros = x[~nonzero].tolist()
spread = relative_weights.max() / relative_weights.min()
print(f"y is exactly 0 at x = {zeros}: there the relative error is undefined")
print(f"elsewhere 1/y² runs from {relative_weights.min():.2f} to "
      f"{relative_weights.max():.3g}: the point nearest a crossing weighs "
      f"{spread:.2g} times more than a peak")

top_weight = weights.max().item()

# %% [markdown]
# The envelope weight $e^{x/4}$ avoids that: it follows the size of the waves, not of each
# point, and never exceeds {{ top_weight:.1f }}.
#
# ## Is it capacity?
#
# Ten units are few for this many turns. With more units, does the right half fit too,
# with plain squared error? The width sweep at the top of the page trained up to
# {{ widest }} units, {{ n_sweep_seeds }} seeds per width, all for the same number of
# epochs. The figure shows each half's relative error against the width: a dot per seed,
# a line through the medians, and the dotted line at 1 that a flat prediction at zero
# scores.

# %%
errors = torch.tensor([[relative_errors(result.model(width, seed), X, y)
                        for seed in SWEEP_SEEDS] for width in result.widths])
median_error = errors.median(dim=1).values  # (widths, 2): left, right
left_median, right_median = median_error.T
widths = torch.tensor(result.widths)
fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
for k, (half, color) in enumerate([("left", "C0"), ("right", "C1")]):
    ax.scatter(widths.repeat_interleave(len(SWEEP_SEEDS)), errors[:, :, k],
               s=14, color=color, alpha=0.4, linewidths=0)
    ax.plot(widths, median_error[:, k], marker="o", color=color,
            label=f"{half} half (median of {len(SWEEP_SEEDS)} seeds)")
ax.axhline(1, color="grey", linestyle=":", label="flat line at zero")
ax.set(yscale="log", xlabel="hidden units H",
       ylabel="relative error (log scale)",
       title=f"Left and right half against width, {SWEEP_EPOCHS} epochs")
ax.legend()
for width, lt, rt in zip(result.widths, left_median, right_median):
    print(f"width {width:2d}: median relative error left {lt:.3f}, "
          f"right {rt:.3f}")
print(f"at width {result.widths[-1]}, the right's error is "
      f"{right_median[-1] / left_median[-1]:.0f} times the left's")

# %% tags=["claims"]
narrow, wide = widths < WIDTH, widths > WIDTH
left_at = dict(zip(result.widths, left_median.tolist()))
right_at = dict(zip(result.widths, right_median.tolist()))
right_floor_narrow = right_median[narrow].min().item()
left_ceiling_wide = left_median[wide].max().item()
right_wide = ", ".join(f"{right_at[w]:.2f} at {w} units"
                       for w in result.widths if w > WIDTH)
ratio_widest = right_at[widest] / left_at[widest]
toynn.check_claim(right_floor_narrow > 0.8,
                  "below the main run's width, the right half is no better "
                  "than a flat line")
toynn.check_claim(left_at[WIDTH] < left_at[1] / 3,
                  "the left half's error falls as units are added")
toynn.check_claim(left_ceiling_wide < 0.05,
                  "beyond the main run's width, the left half is fitted")
toynn.check_claim(right_at[widest] < right_at[WIDTH] / 2,
                  "then the right half's error falls")
toynn.check_claim(ratio_widest > 3,
                  "at the widest, the right's error is still several times "
                  "the left's")

# %% [markdown]
# Below {{ WIDTH }} units the right half is no better than a flat line at zero (median
# relative error {{ right_floor_narrow:.2f }} or more), while the left half's error falls
# from {{ left_at[1]:.2f }} with one unit to {{ left_at[WIDTH]:.2f }} with
# {{ WIDTH }}. Only once the left is fitted, with a median relative error below
# {{ left_ceiling_wide:.3f }} beyond {{ WIDTH }} units, does the right's error fall:
# {{ right_wide }}. Once the left is paid for, spare units go right: squared error decides
# the order in which the curve is fitted, and at small widths the order is all there is.
# Its influence does not end there: at {{ widest }} units, after {{ SWEEP_EPOCHS:,}}
# epochs, the right's relative error is still {{ ratio_widest:.0f }} times the left's.
# More units shrink the asymmetry; within this budget they do not remove it.
#
# ## Bumps built by hand
#
# Training found the weights of every net so far. Could we write them down ourselves?
# Michael Nielsen's [*Neural Networks and Deep
# Learning*](http://neuralnetworksanddeeplearning.com/chap4.html) (chapter 4) shows how, for
# any continuous curve. Give a unit a large weight $w$: its sigmoid then rises from
# $\sigma(-2)$ to $\sigma(2)$, most of the way from 0 to 1, over a stretch $4/w$ wide
# around its threshold, almost a hard step. Two such units
# with thresholds $a < b$ and output weights $+h$ and $-h$ make a *bump*: the first adds $h$
# at $a$, the second takes it away at $b$, so the prediction is $h$ between $a$ and $b$ and
# 0 elsewhere.
#
# `toynn.MLP.from_weights` builds a model from weights we choose: one pair `(W, b)` for
# the hidden layer, in `nn.Linear`'s convention (`W` of shape `(H, 1)`, `b` of shape
# `(H,)`), and the pair `(v, c)` for the output. A unit with weight $w$ that switches at
# $\delta$ has the bias $b = -w\delta$. The function below makes one bump between each
# two neighbouring edges. The left panel is one bump, half a unit wide and 2 tall, with
# each unit's contribution $v_i\,\sigma(w_i x + b_i)$ dashed; the right panel has the
# same thresholds with shallow units, $w = 2$, as shallow as some trained units in the
# table of thresholds above:

# %%
hand_ramp = 4 / STEEPNESS  # how far in x a hand-built unit takes to switch


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
fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
tops = {}
for ax, (title, net) in zip(axes, pair_nets.items()):
    v_pair, _ = toynn.output_weights(net)
    with torch.no_grad():
        parts = net.hidden(grid)[0] * v_pair  # v_i * sigmoid(w_i x + b_i)
        total = net(grid)
    steps = toynn.step_predict(net, grid)
    for i, part in enumerate(parts.T):
        ax.plot(grid[:, 0], part, linestyle="--",
                label=f"unit {i + 1}, v = {v_pair[i]:+.2f}")
    ax.plot(grid[:, 0], steps, color="C2", label="step units")
    ax.plot(grid[:, 0], total, color="black", linewidth=2,
            label="sum: the net")
    ax.set(title=title, xlabel="x", ylabel="contribution to the prediction")
    ax.legend(loc="lower left", fontsize="small")
    tops[title] = total.max().item(), steps.max().item()
    print(f"{title}: the net peaks at {tops[title][0]:.2f}, "
          f"its step version at {tops[title][1]:.2f}")

# %%
(steep_top, steep_step), (shallow_top, shallow_step) = tops.values()
spike = shallow_step / shallow_top

# %% [markdown]
# With steep units the bump is what the output weights say: a plateau of height
# {{ steep_top:.2f }}, and its step version is the same curve (the green line hides under
# the black one). With shallow units the two sigmoids overlap: while the first is still
# rising, the second already takes away. Halfway between thresholds $g$ apart, the sum
# reaches only $v \tanh(wg/4)$, so a hump {{ shallow_top:.0f }} tall needs
# $v = \pm${{ tall:.2f }}, and its step version is a spike {{ spike:.1f }} times taller
# than anything the net outputs. Keep that picture for later.
#
# Now tile the data's range with bumps of equal width, from half a grid step before the
# first point to half a step beyond the last, and give each the height of the curve at its
# middle. That is the whole construction, with no training: $H$ units make $H/2$ bumps.
# Forty units, as many as the widest trained net, and two hundred:

# %%
def curve(x):
    return torch.sin(3 * x) * torch.exp(-x / 8)


spacing = (x[1] - x[0]).item()


def built(width):
    """width / 2 bumps tiling the data, as tall as the curve mid-bump."""
    edges = torch.linspace(x[0] - spacing / 2, x[-1] + spacing / 2,
                           width // 2 + 1)
    return bumps(edges, curve((edges[:-1] + edges[1:]) / 2))


span = (x[-1] - x[0] + spacing).item()
bump_width = {width: span / (width // 2) for width in [*HAND_WIDTHS, 40, 200]}
period = 2 * math.pi / 3  # of sin(3x)
fig, axes = plt.subplots(2, 1, figsize=(9, 7), sharex=True,
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
# scales, with the error of a flat line at zero dotted, and the cell prints each half's
# relative error:

# %%
def mse(model):
    with torch.no_grad():
        return ((model(X) - y) ** 2).mean().item()


hand = {width: built(width) for width in HAND_WIDTHS}
hand_mse, hand_halves = {}, {}
for width, net in hand.items():
    hand_mse[width] = mse(net)
    hand_halves[width] = relative_errors(net, X, y)
    lt, rt = hand_halves[width]
    print(f"built by hand, {width:3d} units: mean squared error "
          f"{hand_mse[width]:.3f}; relative error left {lt:.3f}, "
          f"right {rt:.3f}")
median_mse = dict(zip(result.widths,
                      result.final_losses.median(dim=1).values.tolist()))
both = [width for width in HAND_WIDTHS if width in median_mse]
for width in both:
    print(f"{width:3d} units: trained (median) {median_mse[width]:.3f}, "
          f"{hand_mse[width] / median_mse[width]:.0f} times lower")
one_per_point = 2 * len(x)
exact_mse = mse(built(one_per_point))  # one bump per data point
print(f"flat line at zero: {flat:.3f}; {2 * len(x)} units, one bump per data "
      f"point: {exact_mse:.1e}")

fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
ax.scatter(widths.repeat_interleave(len(SWEEP_SEEDS)), result.final_losses,
           s=14, color="C0", alpha=0.4, linewidths=0)
ax.plot(widths, list(median_mse.values()), marker="o", color="C0",
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
better = {h: hand_mse[h] / median_mse[h] for h in both if h < 100}
toynn.check_claim(all(ratio > 3 for ratio in better.values()),
                  "with as many units, trained nets are several times better "
                  "than the construction")
trained_20 = median_mse[20]
toynn.check_claim(hand_mse[100] > 2 * trained_20 > hand_mse[200],
                  "the construction needs between 100 and 200 units to come "
                  "within a factor 2 of a trained net with 20")
times_lower = ", ".join(f"{ratio:.0f}" for ratio in better.values())
with_units = ", ".join(str(h) for h in better)
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
# the heights read at their middles miss the waves. Unlike training, it treats both halves
# alike: at 200 units the relative error is {{ left_200:.3f }} on the left and
# {{ right_200:.3f }} on the right, since nothing decides where the units go; they are
# spread evenly. And with one bump per data point, {{ one_per_point }} units, the error on
# the data vanishes ({{ exact_mse:.1e }}, rounding), yet between the points the net is
# still a staircase: matching the points is not the same as learning the curve.
#
# ## The messy staircase, explained
#
# Go back to the staircase figure of the trained {{ WIDTH }}-unit net: its step prediction
# ranges far beyond the data while its smooth prediction stays close to it. The hand-built
# nets show what a staircase looks like when it is exact. Their units switch over
# $4/w$ = {{ hand_ramp:.2f }} in $x$, less than the grid spacing of 0.1, so on every data
# point the step and smooth predictions agree, and every $|v_i|$ is the height of a bump.
# The cell compares the two nets, then finds the lowest and highest steps of the trained
# staircase and the jumps into and out of them:

# %%
def step_gap(model):
    """Largest difference between smooth and step predictions on the data."""
    with torch.no_grad():
        return (model(X) - toynn.step_predict(model, X)).abs().max().item()


fine = hand[HAND_WIDTHS[-1]]
v_fine, _ = toynn.output_weights(fine)
with torch.no_grad():
    smooth = model(X)
ramps = 4 / w.abs()  # how far in x each trained unit takes to switch
print(f"built by hand, {HAND_WIDTHS[-1]} units: largest |v_i| "
      f"{v_fine.abs().max():.2f}; step and smooth differ by at most "
      f"{step_gap(fine):.1e}")
print(f"trained, {WIDTH} units: largest |v_i| {v.abs().max():.1f}; step from "
      f"{staircase.min():.1f} to {staircase.max():.1f}, smooth from "
      f"{smooth.min():.1f} to {smooth.max():.1f}")
print(f"trained |w_i| from {w.abs().min():.2f} to {w.abs().max():.2f}: units "
      f"switch over 4/|w_i| = {ramps.min():.2f} to {ramps.max():.1f}")

cuts = deltas[inside].sort().values
spikes = []
extremes = [("lowest", staircase.argmin()), ("highest", staircase.argmax())]
for name, k in extremes:
    i = int(torch.searchsorted(cuts, x[k]).clamp(1, len(cuts) - 1))
    lo, hi = cuts[i - 1].item(), cuts[i].item()
    before, after = staircase[x < lo][-1], staircase[x > hi][0]  # data points
    jump_in, jump_out = staircase[k] - before, after - staircase[k]
    spikes.append(f"{hi - lo:.2f} wide, entered by {jump_in:+.1f} and left by "
                  f"{jump_out:+.1f}")
    print(f"{name} step {staircase[k]:+.1f}, between thresholds {lo:+.2f} and "
          f"{hi:+.2f} ({hi - lo:.2f} apart): in {jump_in:+.1f}, out "
          f"{jump_out:+.1f}; smooth prediction there {smooth[k]:+.1f}")


def alternating(net):
    """How many neighbouring thresholds in the data jump in opposite
    directions, and how many neighbouring pairs there are."""
    slopes = net.hidden_layers[0].weight.detach()[:, 0]
    at = toynn.thresholds(net)
    within = (at > x.min()) & (at < x.max())
    jumps = torch.sign(slopes) * toynn.output_weights(net)[0]
    ordered = jumps[within][at[within].argsort()]
    return int((ordered[1:] * ordered[:-1] < 0).sum()), len(ordered) - 1


opposite, pairs = alternating(model)
print(f"{opposite} of {pairs} neighbouring thresholds in the data jump in "
      f"opposite directions")

peak = y.abs().max().item()
sweep_nets = [result.model(width, seed) for width in result.widths
              if width >= WIDTH for seed in SWEEP_SEEDS]
largest = [toynn.output_weights(net)[0].abs().max().item()
           for net in sweep_nets]
beyond = sum(bool(toynn.step_predict(net, X).abs().max() > peak)
             for net in sweep_nets)
counts = torch.tensor([alternating(net) for net in sweep_nets]).sum(dim=0)
sweep_ramps = torch.cat([4 / net.hidden_layers[0].weight.detach().abs()[:, 0]
                         for net in sweep_nets])
print(f"the sweep's {len(sweep_nets)} nets with {WIDTH} to "
      f"{result.widths[-1]} units: largest |v_i| from {min(largest):.1f} to "
      f"{max(largest):.1f}; {beyond} staircases leave the data's range; "
      f"{counts[0]} of {counts[1]} neighbouring jumps alternate; median "
      f"4/|w_i| {sweep_ramps.median():.2f}")

# %% tags=["claims"]
n_nets = len(sweep_nets)
alternate_share = (counts[0] / counts[1]).item()
median_ramp = sweep_ramps.median().item()
v_max, v_fine_max = v.abs().max().item(), v_fine.abs().max().item()
step_low, step_high = staircase.min().item(), staircase.max().item()
smooth_low, smooth_high = smooth.min().item(), smooth.max().item()
ramp_low, ramp_high = ramps.min().item(), ramps.max().item()
lowest_spike, highest_spike = spikes
toynn.check_claim(min(largest) > 2.5 * peak and beyond == n_nets,
                  "in every trained net of the sweep from the main width up, "
                  "the largest |v_i| is far above the tallest wave and the "
                  "staircase leaves the data's range")
toynn.check_claim(alternate_share > 0.5,
                  "in the sweep's nets, most neighbouring jumps alternate")
toynn.check_claim(median_ramp > 10 * hand_ramp,
                  "trained units switch far more gradually than hand-built "
                  "ones")

# %% [markdown]
# With this seed, the trained net's largest $|v_i|$ is {{ v_max:.1f }}, against a tallest
# wave of {{ peak:.2f }}, while the {{ HAND_WIDTHS[-1] }}-unit hand-built net's largest is
# {{ v_fine_max:.2f }}, the curve's height at the middle of its first bump. The staircase
# runs from {{ step_low:.1f }} to {{ step_high:.1f }} while the smooth prediction stays
# between {{ smooth_low:.1f }} and {{ smooth_high:.1f }}. Its lowest step sits on a
# stretch between two thresholds {{ lowest_spike }}; its highest, on one
# {{ highest_spike }}. This is not a quirk of one seed: in all {{ n_nets }} nets of the
# width sweep with {{ WIDTH }} to {{ widest }} units, the largest $|v_i|$ is far above the
# tallest wave, and every staircase leaves the data's range.
#
# So the trained units pair up: {{ opposite }} of the {{ pairs }} pairs of neighbouring
# thresholds in this net's data jump in opposite directions, and across the sweep's nets
# {{ alternate_share:.0%}} do. But pairing alone is not the difference: every hand-built
# bump is a pair with $+h$ and $-h$ too. What differs is steepness and size. The trained
# units are shallow: this net's switch over {{ ramp_low:.2f }} to {{ ramp_high:.1f }} in
# $x$, and the sweep's over {{ median_ramp:.2f }} in the median, against
# {{ hand_ramp:.2f }} for the hand-built ones. Units that switch that gradually and close
# together are never fully on or off between their thresholds. Their sum is like the low,
# smooth hump in the right panel of the bump figure: large contributions that mostly
# cancel. The step version removes the overlap and shows the contributions undiluted: that
# is the mess. The hand-built units are steep, so each plateau is reached, and $v_i$ is a
# height of the curve.
#
# Training does not aim for a readable staircase; it aims for a small error, and shallow,
# overlapping units make smooth humps that, as the error figure above shows, fit this
# curve with far fewer units than rectangles do.
#
# ## Try this
#
# Predict, run, then open the answer; each is backed by a run on this page.
#
# 1. **Give the flipped run fewer epochs**, 14 000 as in the reference. Does the
#    conclusion change?
#    <details><summary>Answer</summary>
#    No: the right half still fits better than the left; only the errors move.
#    </details>
# 2. **Fewer units.** What do three units fit? The width sweep at the top of the page
#    trained them; predict before you look.
#    <details><summary>Answer</summary>
#    Part of the big waves on the left, and nothing on the right: there the fit is no
#    better than a flat line at zero (relative error about 1), for every seed of the sweep.
#    </details>

# %%
short = toynn.fit(toynn.MLP(1, width=WIDTH), X_flip, y_flip, loss="mse", lr=LR,
                  epochs=14_000, seed=SEED)
short_left, short_right = relative_errors(short.model, X_flip, y_flip)
print(f"flipped, 14 000 epochs: left {short_left:.3f}, "
      f"right {short_right:.3f}")
three = [relative_errors(result.model(3, seed), X, y) for seed in SWEEP_SEEDS]
print("3 units, left/right relative error per seed:",
      ", ".join(f"{lt:.2f}/{rt:.2f}" for lt, rt in three))

# %% tags=["claims"]
toynn.check_claim(short_right < short_left,
                  "with fewer epochs, the flipped run still fits the right "
                  "half better")
toynn.check_claim(all(lt < rt and rt > 0.9 for lt, rt in three),
                  "three units fit part of the left and none of the right, "
                  "for every seed of the sweep")
