# %% [markdown]
# # Regression: a damped sine
#
# The same kind of network as in the [classification tutorial](../classification/), now
# fitting a curve. With one input, each hidden unit no longer draws a line but picks a
# single point on the $x$ axis, its *threshold*, where it switches on. The prediction is
# built from these switches. We fit a sine whose amplitude shrinks from left to right, find
# that the fit is good on one side only, form a hypothesis about why, and test it.

# %% tags=["knobs"]
SEED = 0  # initial weights of the main runs
LR = 1e-2
WIDTH = 10  # hidden units of the main run
EPOCHS = 20_000
FLIP_EPOCHS = 14_000
SWEEP_WIDTHS = list(range(1, 11))
SWEEP_SEEDS = list(range(5))
SWEEP_EPOCHS = 10_000

# %%
import matplotlib.pyplot as plt
import torch

import toynn

# %% [markdown]
# ## The data
#
# `toynn.make_damped_sine` samples $y = \sin(3x)\, e^{-x/8}$ at $x = -10, -9.9, \dots, 9.9$.
# The factor $e^{-x/8}$ is about 3.5 at the left end and 0.29 at the right end.

# %%
X, y = toynn.make_damped_sine()
print(f"X: {tuple(X.shape)}, y: {tuple(y.shape)}, "
      f"y from {y.min():.2f} to {y.max():.2f}")
ax = toynn.plot_data(X, y)
ax.set_title("y = sin(3x) exp(-x/8), 200 points")

# %% [markdown]
# ## The model
#
# One input, $H$ sigmoid hidden units, one linear output:
#
# $$ \hat y(x) = c + \sum_{i=1}^{H} v_i\, \sigma(w_i x + b_i), $$
#
# trained with the mean squared error $\frac{1}{N}\sum_n (\hat y_n - y_n)^2$ (`loss="mse"`)
# and full-batch Adam. How many units does the curve need? `toynn.sweep` trains every
# (width, seed) pair of a grid at once, so we can look at several seeds per width at the
# price of a few single runs:

# %%
result = toynn.sweep(X, y, widths=SWEEP_WIDTHS, seeds=SWEEP_SEEDS, loss="mse",
                     lr=LR, epochs=SWEEP_EPOCHS)
print(result)
for width, losses in zip(result.widths, result.final_losses):
    print(f"width {width:2d}: final loss, best {losses.min():.3f}, "
          f"median {losses.median():.3f}")
ax = toynn.plot_final_losses(result)
seeds = len(SWEEP_SEEDS)
ax.set_title(f"After {SWEEP_EPOCHS} epochs, {seeds} seeds per width")

# %% [markdown]
# More units fit better, with diminishing returns and a wide spread between seeds: the
# curve has about ten bumps, and each bump needs a couple of units.
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
# start and 0.25 at the end. The start matches; the end depends a lot on the seed. The sweep above shows the
# spread, and [How often does it work?](../statistics/) is about exactly that. What does
# not depend on the seed is *where* the fit is good: on the left, where the waves are big.
#
# ## Thresholds
#
# Unit $i$ is off for $w_i x + b_i < 0$ and on for $w_i x + b_i > 0$: it switches at
#
# $$ \delta_i = -\,b_i / w_i . $$
#
# If $w_i > 0$ it switches on as $x$ passes $\delta_i$ from left to right; if $w_i < 0$ it
# switches off. Either way the prediction jumps by its output weight $v_i$.
# `toynn.thresholds` returns the $\delta_i$:

# %%
deltas = toynn.thresholds(model)
w = model.hidden_layers[0].weight.detach()[:, 0]
v = model.output_layer.weight.detach()[0]
for i in deltas.argsort().tolist():
    change = "adds" if w[i] > 0 else "removes"
    print(f"unit {i}: switches at x = {deltas[i]:+7.2f}, "
          f"|w| = {w[i].abs():5.2f}, {change} v = {v[i]:+7.2f}")

# %% [markdown]
# ## The prediction as a staircase
#
# Replace every sigmoid by a hard step (1 if $w_i x + b_i > 0$, else 0) and keep the output
# layer: `toynn.step_predict` does exactly that. The result is piecewise constant, with at
# most $H + 1$ levels, changing only at the thresholds:

# %% tags=["headline"]
staircase = toynn.step_predict(model, X)
print(f"{len(staircase.unique())} distinct levels (at most {WIDTH + 1})")
inside = ((deltas > X.min()) & (deltas < X.max())).sum().item()
print(f"{inside} of {WIDTH} thresholds fall inside the data")
ax = toynn.plot_regression_fit(model, X, y, staircase=True,
                               threshold_lines=True)
ax.set_title("Smooth prediction, step prediction and thresholds")

# %% [markdown]
# Where the thresholds sit is where the network spends its units. They crowd on the left.
# The staircase is only a caricature of the smooth curve: a unit with a small $|w_i|$
# switches gradually, over a width of about $4 / |w_i|$, and two units with large opposite
# $v_i$ and nearby thresholds make a tall, narrow spike in the staircase that the smooth
# curve never shows. Still, it tells the story of the fit: one jump per unit.
#
# ## Why does the left side fit better?
#
# Think about it before you open the answer.
#
# <details>
# <summary>Answer</summary>
#
# The mean squared error adds up $(\hat y - y)^2$. On the left the waves are about ten times
# taller than on the right, so missing a wave there costs about a hundred times more. Adam
# follows the gradient of the total, and the total is dominated by the left. Units that
# could have fitted the small waves on the right are worth more on the left, so that is
# where the thresholds go.
#
# </details>
#
# A hypothesis is worth a test. If the size of the errors is the reason, mirroring the
# target (`flip=True` puts the big waves on the right) should move the good fit to the
# right. Same model, same seed:

# %%
X_flip, y_flip = toynn.make_damped_sine(flip=True)
flipped = toynn.fit(toynn.MLP(1, width=WIDTH), X_flip, y_flip, loss="mse",
                    lr=LR, epochs=FLIP_EPOCHS, seed=SEED)
print(flipped)
fig, axes = plt.subplots(2, 1, figsize=(9, 7), sharex=True,
                         layout="constrained")
toynn.plot_regression_fit(model, X, y, staircase=False, ax=axes[0])
axes[0].set_title("Original target: big waves on the left")
toynn.plot_regression_fit(flipped.model, X_flip, y_flip, staircase=False,
                          ax=axes[1])
axes[1].set_title("Flipped target: big waves on the right")

# %% [markdown]
# To compare the two sides fairly, divide each side's mean squared error by the mean of
# $y^2$ there, the error of predicting zero: 0 is a perfect fit, 1 is no better than a flat
# line.

# %%
def missed_share(model, X, y):
    """Squared error over mean y^2, on the left and on the right of x = 0."""
    with torch.no_grad():
        error = (model(X) - y) ** 2
    sides = X[:, 0] < 0, X[:, 0] >= 0
    return [(error[s].mean() / (y[s] ** 2).mean()).item() for s in sides]


runs = [("original", model, X, y), ("flipped ", flipped.model, X_flip, y_flip)]
for name, trained, X_run, y_run in runs:
    left, right = missed_share(trained, X_run, y_run)
    print(f"{name}: relative error left {left:.2f}, right {right:.2f}")

# %% [markdown]
# The good side follows the big waves: the hypothesis survives. Another test would be to
# change the loss instead of the data: a *percentage* error $|\hat y - y| / |y|$ weighs every
# point by $1 / |y|$, so big and small waves count the same. It is much harder to optimise,
# though: $y$ crosses zero dozens of times, and points near a crossing get enormous
# weights, so a few points dominate the loss and its gradient jumps around:

# %%
nonzero = y != 0
weights = 1 / y[nonzero].abs()
zeros = X[~nonzero, 0].tolist()
print(f"y is exactly 0 at x = {zeros}: no percentage error exists there")
print(f"elsewhere 1/|y| runs from {weights.min():.2f} to {weights.max():.0f}: "
      f"the point nearest a zero crossing weighs "
      f"{weights.max() / weights.min():.0f} times more than a peak")
