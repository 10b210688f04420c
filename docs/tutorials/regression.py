# %% [markdown]
# # Regression: a damped sine
#
# The same kind of network as in the [classification tutorial](../classification/), now
# fitting a curve. With one input, each hidden unit no longer draws a line but picks a
# single point on the $x$ axis, its *threshold*, where it switches. The prediction is built
# from these switches: as a unit switches on it adds its output weight $v_i$, as it
# switches off it takes $v_i$ away, a change of $\pm v_i$. We fit a sine whose amplitude
# shrinks from left to right, find that the fit is good on one side only, form a hypothesis
# about why, and test it twice. Every statement about a result is checked by the page, in
# the cells folded under "Checks of the claims about this result".

# %% tags=["knobs"]
SEED = 0  # initial weights of the main runs
LR = 1e-2
WIDTH = 10  # hidden units of the main run
EPOCHS = 20_000  # every compared run trains this long
SWEEP_WIDTHS = [*range(1, 11), 20, 40]
SWEEP_SEEDS = list(range(5))
SWEEP_EPOCHS = 10_000
WIDER = [WIDTH, 20, 40]  # widths of the capacity test, from the sweep

# %%
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
ax.set_title("y = sin(3x) exp(-x/8), 200 points")

# %% tags=["claims"]
toynn.check_claim(envelope[0] / envelope[-1] > 10,
                  "the waves should shrink over 10-fold")
toynn.check_claim(-3.5 < y.min() < -2.5 and 3 < y.max() < 4,
                  f"y should run from about -3 to 3.5: {y.min()}, {y.max()}")

# %% [markdown]
# ## The model
#
# One input, $H$ sigmoid hidden units, one linear output:
#
# $$ \hat y(x) = c + \sum_{i=1}^{H} v_i\, \sigma(w_i x + b_i). $$
#
# The output stays linear, without a sigmoid: $y$ is any real number, here from about
# $-3$ to $3.5$, and a sigmoid would squeeze every prediction into $(0, 1)$. For the same
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
seeds = len(SWEEP_SEEDS)
ax.set_title(f"After {SWEEP_EPOCHS} epochs, {seeds} seeds per width")

# %% tags=["claims"]
middle = median[len(median) // 2]
gain_first, gain_second = median[0] - middle, middle - median[-1]
toynn.check_claim(median[-1] < median[0] / 2,
                  f"more units should fit better: {median}")
toynn.check_claim(gain_first > 2 * gain_second,
                  f"returns should diminish: {gain_first:.3f}, "
                  f"{gain_second:.3f}")
toynn.check_claim(turns > WIDTH,
                  f"the curve should turn more often than {WIDTH} units "
                  f"switch: {turns}")

# %% [markdown]
# More units fit better, with diminishing returns and a spread between seeds. Each unit
# switches once, at one place on the $x$ axis, while the curve changes direction at every
# peak and trough the first cell counted: more often than the main run below has units.
#
# ## Ten units, a long run

# %%
history = toynn.fit(toynn.MLP(1, width=WIDTH), X, y, loss="mse", lr=LR,
                    epochs=EPOCHS, seed=SEED)
model = history.model
print(history)
print(f"loss {history.losses[0]:.3f} at the start, "
      f"{history.final_loss:.3f} after {EPOCHS} epochs")
ax = toynn.plot_regression_fit(model, X, y, staircase=False,
                               threshold_lines=False)
ax.set_title(f"Width {WIDTH}, {EPOCHS} epochs")


# %% [markdown]
# The 2019 teaching notebook these tutorials are based on reported about 1.27 at the
# start and 0.25 at the end. Where is the fit good? To compare the two halves fairly,
# divide each half's mean squared error by the mean of $y^2$ there, the error of
# predicting zero: 0 is a perfect fit, 1 is no better than a flat line at zero.

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
toynn.check_claim(abs(history.losses[0] - 1.27) < 0.05,
                  f"the start should match the reference's 1.27: "
                  f"{history.losses[0]:.3f}")
toynn.check_claim(history.final_loss < 0.25,
                  f"the end should be below the reference's 0.25: "
                  f"{history.final_loss:.3f}")
toynn.check_claim(left < right / 10,
                  f"the left should fit far better: {left:.3f}, {right:.3f}")

# %% [markdown]
# The start matches; with this seed the end is lower than the reference's, and the sweep
# above shows how much the end moves from seed to seed. The fit is good on the left, where
# the waves are big, and poor on the right.
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
toynn.check_claim(steps == gaps,
                  f"one step per grid gap with a threshold: {steps}, {gaps}")
toynn.check_claim(len(staircase.unique()) <= WIDTH + 1, "at most H + 1 levels")
toynn.check_claim(on_left > on_right,
                  f"thresholds should crowd left: {on_left} vs {on_right}")

# %% [markdown]
# Where the thresholds sit is where the network spends its units; with this seed they
# crowd on the left. The staircase is only a caricature of the smooth curve: a unit with a
# small $|w_i|$ switches gradually, over a width of about $4 / |w_i|$, and two units with
# large opposite $v_i$ and nearby thresholds make a tall, narrow spike in the staircase
# that the smooth curve never shows. Still, it tells the story of the fit: one jump of
# $\pm v_i$ per unit.
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
# a few times taller than the tallest on the right, and the mean of $y^2$ on the left is
# about an order of magnitude larger. Missing the left's waves costs that much more, Adam
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

# %% tags=["claims"]
toynn.check_claim(2 < peak_ratio < 6,
                  f"the left's waves: a few times taller: {peak_ratio}")
toynn.check_claim(8 < power_ratio < 20,
                  f"mean y² should differ about 10-fold: {power_ratio}")

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
# the flipped run for 14 000 epochs instead of 20 000; compared runs should get the same
# budget). The lower panel also shows the flipped run's step prediction:

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
                  f"flipped, the right should fit better: {flip_left:.3f}, "
                  f"{flip_right:.3f}")

# %% [markdown]
# The good side follows the big waves. But this test cannot tell squared error from
# anything else that follows the big waves. The model and the way its weights are drawn
# are symmetric under $w \to -w$: a net fitting the flipped curve is, in distribution, a
# net fitting the original curve with $x$ mirrored. So the flip changes where the big
# waves are, not how the loss weighs them.
#
# The decisive test keeps the data and changes only the loss. Weigh every point's squared
# error by $e^{x/4}$, the inverse of the envelope squared: the weighted error of a flat
# prediction, $e^{x/4} y^2 = \sin^2(3x)$, is then the same on both halves, and no point
# gets an extreme weight. If squared error is the reason, the good fit should move right.
# A callable loss does it, and because one seed is an anecdote, we train five seeds of
# each loss, for the same epochs:

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
right_wins = {}
for name, runs in comparison.items():
    errors = [relative_errors(runs.model(WIDTH, seed), X, y)
              for seed in SWEEP_SEEDS]
    right_wins[name] = sum(rt < lt for lt, rt in errors)
    shown = ", ".join(f"{lt:.2f}/{rt:.2f}" for lt, rt in errors)
    print(f"{name}: left/right relative error per seed: {shown};")
    print(f"  the right half fits better for {right_wins[name]} of "
          f"{len(errors)} seeds")

# %% tags=["claims"]
toynn.check_claim(right_wins["squared error"] == 0,
                  "plain MSE should favour the left every time")
toynn.check_claim(right_wins["weighted by e^(x/4)"] > len(SWEEP_SEEDS) / 2,
                  f"the weighted loss should favour the right: {right_wins}")

# %% [markdown]
# With these seeds, plain squared error fits the left better every time, and the weighted
# loss moves the better fit to the right for most of them, with the same data, the same
# model and the same seeds. The loss decides where the units go.
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

# %% tags=["claims"]
toynn.check_claim(len(zeros) >= 1, "the grid should hit a zero of y exactly")
toynn.check_claim(spread > 1e3,
                  "the relative error's weights should span over 1000-fold")
toynn.check_claim(weights.max() < 13, "e^(x/4) should stay below 12.2")

# %% [markdown]
# The envelope weight $e^{x/4}$ avoids that: it follows the size of the waves, not of each
# point, and never exceeds $e^{2.5} \approx 12$.
#
# ## Is it capacity?
#
# Ten units are few for this many turns. With more units, does the right half fit too,
# with plain squared error? The width sweep at the top of the page trained widths 20 and
# 40 as well, for the same number of epochs as the narrower nets there:

# %%
median_right = {}
for width in WIDER:
    errors = [relative_errors(result.model(width, seed), X, y)
              for seed in SWEEP_SEEDS]
    median_right[width] = torch.tensor([r for _, r in errors]).median().item()
    left_median = torch.tensor([lt for lt, _ in errors]).median().item()
    print(f"width {width:2d}: median relative error left {left_median:.3f}, "
          f"right {median_right[width]:.3f}")

# %% tags=["claims"]
toynn.check_claim(median_right[WIDER[-1]] < median_right[WIDTH] / 3,
                  f"enough units should fit the right half: {median_right}")

# %% [markdown]
# With enough units the right half fits as well: once the left is paid for, spare units
# go right. Squared error decides the order in which the curve is fitted, and at small
# widths the order is all there is.
#
# ## Try this
#
# Predict, run, then open the answer; each is backed by a run on this page.
#
# 1. **Give the flipped run fewer epochs**, 14 000 as in the reference. Does the
#    conclusion change?
#    <details><summary>Answer</summary>
#    No: the right half still fits better than the left; only the losses move a little.
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
                  "14 000 epochs should not change the flipped verdict")
toynn.check_claim(all(lt < rt and rt > 0.9 for lt, rt in three),
                  f"3 units: some of the left, none of the right: {three}")
