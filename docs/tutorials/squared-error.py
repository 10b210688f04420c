# %% [markdown]
# # What squared error cares about
#
# On [Regression: steps and bumps](../regression/) ten trained
# [units](../../glossary/#unit) fit the big waves of a damped sine well and the small ones
# badly. This page finds out why. You will learn to measure how well each part of a
# curve is fitted, to form a hypothesis about the [loss](../../glossary/#loss) and test
# it twice, first by moving the data and then by changing only the loss, and to check
# whether more units remove the effect. Read the regression page first. Every number in
# the text is filled in from the run, and the claims about results are checked in the
# folded cells.

# %% tags=["knobs"]
SEED = 0  # initial weights of the main runs
LR = 1e-2
WIDTH = 10  # hidden units of the main runs
EPOCHS = 20_000  # every compared run trains this long
SNAPSHOTS = 50  # weights kept during the main run, for the figure that scrubs
SWEEP_WIDTHS = [*range(1, 11), 15, 20, 25, 30, 35, 40]
SWEEP_SEEDS = list(range(5))
SWEEP_EPOCHS = 10_000

# %%
import matplotlib.pyplot as plt
import torch

import toynn

# %% [markdown]
# ## Left and right
#
# Here is the regression page's main run again: {{ WIDTH }}
# [sigmoid](../../glossary/#sigmoid) units, mean
# [squared error](../../glossary/#squared-error), {{ EPOCHS:,}}
# [epochs](../../glossary/#epoch). This time it keeps {{ SNAPSHOTS }}
# [snapshots](../../glossary/#snapshot) of its [weights](../../glossary/#weight), to
# replay the training below. To compare the two halves of the curve fairly, divide each
# half's mean squared error by the mean of $y^2$ there, the error of predicting zero: 0 is
# a perfect fit, 1 is no better than a flat line at zero.

# %%
X, y = toynn.make_damped_sine()
x = X[:, 0]
history = toynn.fit(toynn.MLP(1, width=WIDTH), X, y, loss="mse", lr=LR,
                    epochs=EPOCHS, seed=SEED, snapshots=SNAPSHOTS)
model = history.model


def relative_errors(model, X, y):
    """Squared error over mean y^2, on the left and on the right of x = 0."""
    with torch.no_grad():
        error = (model(X) - y) ** 2
    halves = X[:, 0] < 0, X[:, 0] >= 0
    return [(error[h].mean() / (y[h] ** 2).mean()).item() for h in halves]


left, right = relative_errors(model, X, y)
print(history)
print(f"relative error: left {left:.3f}, right {right:.3f}")

# %% tags=["claims"]
n_sweep_seeds = len(SWEEP_SEEDS)
toynn.check_claim(left < right / 10, "the left half fits far better")

# %% [markdown]
# The fit is good on the left, where the waves are big (relative error
# {{ left:.3f }}), and poor on the right ({{ right:.2f }}).
#
# How did it get there? `toynn.interactive.regression_scrubber` replays the snapshots:
# the prediction, each unit's [threshold](../../glossary/#threshold) (dotted, where it
# switches) and the loss. Drag the slider or press play.

# %%
toynn.interactive.regression_scrubber(history, X, y)

# %%
epochs = list(history.snapshots)
errors_at = {e: relative_errors(history.model_at(e), X, y) for e in epochs}
fitted = next(e for e in epochs if errors_at[e][0] < 0.2)
cuts = toynn.thresholds(history.model_at(fitted))
in_data = cuts[(cuts >= x.min()) & (cuts <= x.max())].sort().values
print(f"loss at epoch 1000: {history.losses[1000]:.3f}")
print(f"left half below 0.2 from epoch {fitted} on: "
      f"{errors_at[fitted][0]:.3f}; thresholds then: "
      f"{[round(t, 1) for t in in_data.tolist()]}")

# %% tags=["claims"]
at_1000 = history.losses[1000]
in_data_count = len(in_data)
n_left = int((in_data < 0).sum())
right_floor = min(right for _, right in errors_at.values())
stays = all(errors_at[e][0] < 0.2 for e in epochs if e >= fitted)
toynn.check_claim(stays, "once below 0.2, the left half's error stays there")
toynn.check_claim(n_left > in_data_count / 2,
                  "most thresholds inside the data lie left of zero")
toynn.check_claim(all(errors_at[e][1] > errors_at[e][0]
                      for e in epochs if e >= fitted),
                  "once the left half is fitted, the right half's error stays "
                  "above the left's")

# %% [markdown]
# Scrub from the start. For the first thousand epochs the loss falls only from
# {{ history.losses[0]:.2f }} to {{ at_1000:.2f }}: the thresholds drift while the
# prediction stays nearly flat. Then they move left, to the biggest waves. With this
# [seed](../../glossary/#seed), from epoch {{ fitted }} on, the left half's relative
# error is below 0.2, and then {{ n_left }} of the {{ in_data_count }} thresholds
# inside the data lie left of zero.
# The right half lags behind: from then on its relative error stays above the left's,
# and it never goes below {{ right_floor:.2f }}.
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
# cell below measures the two halves: the tallest wave on the left is several times
# taller than the tallest on the right, and the mean of $y^2$ on the left is larger
# still, by the square of that. Missing the left's waves costs that much more.
# [Adam](../../glossary/#adam) follows the [gradient](../../glossary/#gradient) of the
# total, and units that could fit the small waves on the right are worth more on the
# left, so that is where the thresholds go.
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
#
# A hypothesis is worth a test. **How would you test this one?** Think of an experiment
# whose result would differ if the hypothesis were false, then open the answer.
#
# <details>
# <summary>Answer</summary>
#
# Change how much each side weighs in the loss and see whether the good fit follows. The
# reference's test mirrors the target, so that the big waves, and with them the weight,
# move to the right. A sharper test keeps the data and changes only the loss. The next
# sections run both.
#
# </details>
#
# ## First test: flip the target
#
# Mirroring the target (`flip=True` puts the big waves on the right) should move the good
# fit to the right. Same model, same seed, same number of epochs (the reference trained
# the flipped run for 14 000 epochs instead of its {{ EPOCHS:,}}; compared runs should
# get the same budget). The lower panel also shows
# the flipped run's step prediction:

# %% tags=["headline"]
X_flip, y_flip = toynn.make_damped_sine(flip=True)
flipped = toynn.fit(toynn.MLP(1, width=WIDTH), X_flip, y_flip, loss="mse",
                    lr=LR, epochs=EPOCHS, seed=SEED)
flip_left, flip_right = relative_errors(flipped.model, X_flip, y_flip)
print(flipped)
print(f"relative error: left {flip_left:.3f}, right {flip_right:.3f}")
fig, axes = plt.subplots(2, 1, figsize=(7, 6.4), sharex=True,
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
# {{ flip_left:.3f }} on the left): the good side follows the big waves. But this test
# cannot tell squared error from anything else that follows the big waves. The model
# and the way its weights are drawn are symmetric under $w \to -w$: a net fitting the
# flipped curve is, in distribution, a net fitting the original curve with $x$
# mirrored. So the flip changes where the big waves are, not how the loss weighs them.
#
# ## Second test: weigh the loss
#
# The decisive test keeps the data and changes only the loss. Weigh every point's squared
# error by $e^{x/4}$, the inverse of the envelope squared: the weighted error of a flat
# prediction, $e^{x/4} y^2 = \sin^2(3x)$, is then the same on both halves, and no point
# gets an extreme weight. If squared error is the reason, the good fit should move right,
# and the units with it. A callable loss does it, and because one seed is an anecdote, a
# [sweep](../../glossary/#sweep) trains {{ n_sweep_seeds }} seeds of each loss, for the
# same epochs, and counts the thresholds inside the data that lie right of zero:

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
    per_seed = [relative_errors(net, X, y) for net in nets]
    right_wins[name] = sum(rt < lt for lt, rt in per_seed)
    cuts = torch.cat([toynn.thresholds(net) for net in nets])
    units_right[name] = int(((cuts >= 0) & (cuts <= x.max())).sum())
    shown = ", ".join(f"{lt:.2f}/{rt:.2f}" for lt, rt in per_seed)
    print(f"{name}: left/right relative error per seed: {shown};")
    print(f"  the right half fits better for {right_wins[name]} of "
          f"{len(per_seed)} seeds; {units_right[name]} thresholds right of 0")

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
# Ten units are few for a curve that turns this often. With more units, does the right
# half fit too, with plain squared error? The regression page's
# [width](../../glossary/#width) sweep, trained again here, goes up to
# {{ SWEEP_WIDTHS[-1] }} units, {{ n_sweep_seeds }} seeds per width, all for the same
# number of epochs. The figure shows each half's relative error against the width: a
# dot per seed, a line through the medians, and the dotted line at 1 that a flat
# prediction at zero scores.

# %%
result = toynn.sweep(X, y, widths=SWEEP_WIDTHS, seeds=SWEEP_SEEDS, loss="mse",
                     lr=LR, epochs=SWEEP_EPOCHS)
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
widest = result.widths[-1]
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
# ## Summary
#
# - Measured relative to the size of the waves, ten units fit the left half far better
#   than the right: {{ left:.3f }} against {{ right:.2f }} with this seed.
# - Squared error weighs each half by the size of its errors; a flat prediction misses by
#   $y$ itself, so the left, {{ power_ratio:.1f }} times larger in mean $y^2$, counts that
#   much more, and the units go there.
# - Flipping the target moves the good fit with the big waves. Changing only the loss,
#   with the data kept, moves it too: weighted by $e^{x/4}$, the right fits better for
#   {{ right_wins[weighted] }} of {{ n_sweep_seeds }} seeds.
# - More units shrink the asymmetry but, within the budget, do not remove it: at
#   {{ widest }} units the right's relative error is {{ ratio_widest:.0f }} times the
#   left's.
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

# %% tags=["answer"]
short = toynn.fit(toynn.MLP(1, width=WIDTH), X_flip, y_flip, loss="mse", lr=LR,
                  epochs=14_000, seed=SEED)
short_left, short_right = relative_errors(short.model, X_flip, y_flip)
print(f"flipped, 14 000 epochs: left {short_left:.3f}, "
      f"right {short_right:.3f}")

# %% [markdown]
# 2. **Fewer units.** What do three units fit? The width sweep above trained them;
#    predict before you look.
#    <details><summary>Answer</summary>
#    Part of the big waves on the left, and nothing on the right: there the fit is no
#    better than a flat line at zero (relative error about 1), for every seed of the sweep.
#    </details>

# %% tags=["answer"]
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
