# %% [markdown]
# # How often does it work?
#
# "Two hidden units fail, three succeed" was, in the [classification
# tutorial](../classification/), the story of one seed: one draw of initial weights. Change
# the seed and a story like that can change too. Demos of small networks almost always rest
# on single runs, because training hundreds of networks one after another is slow. Trained
# together it is cheap: `toynn.sweep` stacks many small models into one set of tensors and
# trains them all with the same tensor operations. So here we train every width from 1 to 6,
# with a hundred seeds each, for sigmoid and for ReLU units, and count.

# %% tags=["knobs"]
DATA_SEED = 100  # the two rings of the classification tutorial...
POINTS_PER_CLASS = 250  # ...with a quarter of the points (see below)
SEEDS = list(range(100))  # initial weights: one model per seed and width
WIDTHS = [1, 2, 3, 4, 5, 6]
ACTIVATIONS = ["sigmoid", "relu"]
LR = 1e-2
EPOCHS = 2_000
THRESHOLD = 0.05  # a run "works" if its final loss is below this

# %%
import matplotlib.pyplot as plt

import toynn

# %% [markdown]
# ## What counts as success
#
# A final cross-entropy below `THRESHOLD` means that, on average, the model gives the right
# class a probability of about $e^{-0.05} \approx 0.95$: essentially every point is on the
# right side. Widths that can't separate the classes stay far above it. We use a learning
# rate ten times larger than in the classification tutorial, so that 2000 epochs are
# enough; the trade-off between epochs and learning rate is one of the knobs to try.
#
# We also use a quarter of the points: the disc and the ring have the same shape, each
# model is four times cheaper to train, and the counts below barely move with all of
# them (set `POINTS_PER_CLASS = 1000` to check).
#
# ## Twelve hundred models

# %%
X, y = toynn.make_rings(POINTS_PER_CLASS, seed=DATA_SEED)
results = {
    activation: toynn.sweep(X, y, widths=WIDTHS, seeds=SEEDS,
                            activation=activation, loss="bce", lr=LR,
                            epochs=EPOCHS)
    for activation in ACTIVATIONS
}
for activation, result in results.items():
    n_widths, n_seeds = result.final_losses.shape
    print(f"{activation}: {n_widths} widths x {n_seeds} seeds = "
          f"{n_widths * n_seeds} models, {result.epochs} epochs each")

# %% [markdown]
# Trained together, each model costs a small fraction of what it costs alone: the
# repository's `scripts/bench_sweep.py` measures how much on your machine, and the line at
# the top of this page says how long the whole page took to run. `toynn.sweep` is not an
# approximation: the model for width $w$ and seed $s$ starts from the same weights as
# `toynn.fit(toynn.MLP(2, width=w), ..., seed=s)` and follows the same arithmetic. Check it
# for one of them:

# %%
single = toynn.fit(toynn.MLP(2, width=3), X, y, loss="bce", lr=LR,
                   epochs=EPOCHS, seed=0)
in_sweep = results["sigmoid"].final_losses[WIDTHS.index(3), SEEDS.index(0)]
print(f"width 3, seed 0: fit ends at {single.final_loss:.6f}, "
      f"the sweep at {in_sweep:.6f}")

# %% [markdown]
# ## Success rates
#
# For each width, the share of seeds whose run ended below the threshold, with a 95 %
# confidence interval (Wilson's): the range of true success rates that a hundred runs
# can't tell apart from what we observed.

# %% tags=["headline"]
for activation, result in results.items():
    print(activation)
    print(result.summary(THRESHOLD), end="\n\n")
ax = toynn.plot_success_rate(results, THRESHOLD)
ax.set_title(f"Share of {len(SEEDS)} seeds reaching loss < {THRESHOLD}")

# %%
sigmoid, relu = (results[a].success_rate(THRESHOLD)[0] for a in ACTIVATIONS)
for width, s, r in zip(WIDTHS, sigmoid, relu):
    print(f"width {width}: sigmoid works for {s:4.0%} of seeds, "
          f"ReLU for {r:4.0%}")

# %% [markdown]
# Widths 1 and 2 never work, whatever the seed: not bad luck but geometry, as two lines
# cannot enclose the disc. From width 3 on, sigmoid units work for almost every seed. ReLU
# units reach far lower losses when they work, but they fail more often at small widths,
# which is the answer to the classification tutorial's exercise in numbers. The
# distribution of final losses shows both effects:

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True,
                         layout="constrained")
for ax, (activation, result) in zip(axes, results.items()):
    toynn.plot_final_losses(result, threshold=THRESHOLD, ax=ax)
    ax.set_title(activation)

# %% [markdown]
# ## What failed runs look like
#
# Take the ReLU models of width 3. Their loss curves split into two groups: runs that find
# the solution and runs that get stuck on a plateau.

# %%
relu_3 = results["relu"]
ax = toynn.plot_sweep_curves(relu_3, 3)
ax.axhline(THRESHOLD, color="0.3", linestyle=":")
ax.set_title("ReLU, width 3: every seed")

# %% [markdown]
# Compare a failed run with a successful one. A ReLU unit is zero on one side of its line;
# if its line ends up with all the data on that side, the unit outputs zero for every point,
# its gradient is zero too, and it never comes back: a *dead* unit. The net is then a width-2
# net, and width 2 can't do it.

# %%
row = WIDTHS.index(3)
worked = relu_3.success(THRESHOLD)[row]
picks = {"failed": SEEDS[int((~worked).nonzero()[0])],
         "worked": SEEDS[int(worked.nonzero()[0])]}
fig, axes = plt.subplots(1, 2, figsize=(11, 5), layout="constrained")
for ax, (outcome, seed) in zip(axes, picks.items()):
    model = relu_3.model(3, seed)
    alive = (model.hidden(X)[0] > 0).any(dim=0)
    toynn.plot_hidden_lines(model, X, y, ax=ax)
    ax.set_title(f"seed {seed} {outcome}: {int(alive.sum())} of 3 units alive")
    final = relu_3.final_losses[row, SEEDS.index(seed)]
    print(f"seed {seed}: final loss {final:.4f}, "
          f"units active on some point: {alive.tolist()}")

# %% [markdown]
# ## How long does success take?
#
# Among the runs that work, the epoch at which the loss first drops below the threshold:

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True,
                         layout="constrained")
for ax, (activation, result) in zip(axes, results.items()):
    toynn.plot_epochs_to_success(result, THRESHOLD, ax=ax)
    ax.set_title(activation)

# %% [markdown]
# Wider layers get there sooner, and ReLU gets there sooner than sigmoid: its gradient does
# not fade for large inputs. All of these numbers belong to one learning rate, one training
# budget and one threshold; change the knobs at the top and run the page again to see which
# conclusions hold.
