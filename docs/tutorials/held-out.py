# %% [markdown]
# # Held-out data and overfitting
#
# So far a low training [loss](../../glossary/#loss) was the goal. It says that a net
# fits the points it was trained on, not that it will be right on new ones. On this page
# you will learn to measure a net on points it never trained on, to see it learn noise by
# heart, and to stop training at the right time. Read [Training: loss and gradient
# descent](../training/) and [Two rings: why two units fail](../classification/) first.

# %% tags=["knobs"]
DATA_SEED = 100  # the points, and which labels get flipped
SEED = 0  # initial weights of every model
# Few points with some labels flipped, and a wide net
HOLDOUT = dict(points_per_class=25, flipped_share=0.2, width=20, lr=1e-2,
               epochs=5_000)

# %%
import matplotlib.pyplot as plt
import torch

import toynn

# %% [markdown]
# ## Three data sets
#
# The usual test is [held-out](../../glossary/#held-out) data: points the net never
# trains on. To make it matter, we train on few points, flip a share of their labels on
# purpose, and use a wide net (`HOLDOUT` in the knobs cell). Two held-out sets come from
# other data [seeds](../../glossary/#seed), with their true labels:
#
# - the [validation set](../../glossary/#validation-set) decides when to stop: with
#   `validation=`, `toynn.fit` records its loss at every [epoch](../../glossary/#epoch),
#   next to the training loss;
# - the [test set](../../glossary/#test-set) is used for nothing but the final score.
#
# Why two? The validation set chose the epoch: of all the epochs, we keep the one where
# it looked best, so its score there flatters the net. Only points that played no part
# in any choice give an honest score.

# %%
X_few, y_clean = toynn.make_rings(HOLDOUT["points_per_class"],
                                  seed=DATA_SEED + 1)
noise = torch.Generator().manual_seed(DATA_SEED)
flipped = torch.rand(len(y_clean), generator=noise) < HOLDOUT["flipped_share"]
y_few = torch.where(flipped, 1 - y_clean, y_clean)
X_val, y_val = toynn.make_rings(1000, seed=DATA_SEED + 2)  # picks the epoch
X_test, y_test = toynn.make_rings(1000, seed=DATA_SEED + 3)  # scores once
n_flipped = int(flipped.sum())
print(f"{n_flipped} of {len(y_few)} training labels flipped")


def train(labels, epochs, **options):
    """The wide net of HOLDOUT, trained on the few points."""
    return toynn.fit(toynn.MLP(2, width=HOLDOUT["width"]), X_few, labels,
                     loss="bce", lr=HOLDOUT["lr"], epochs=epochs, seed=SEED,
                     **options)


def test_accuracy(model):
    right = (model.predict_proba(X_test) > 0.5) == y_test
    return right.float().mean().item()

# %% [markdown]
# ## Training loss falls, validation loss turns around
#
# We train to the end, watching the validation loss, then train the same net again from
# the same seed, stopping at the epoch where the validation loss was lowest.

# %%
noisy = train(y_few, HOLDOUT["epochs"], validation=(X_val, y_val))
best = min(range(noisy.epochs), key=noisy.val_losses.__getitem__)
# val_losses[e] is measured before update e: e updates reach those weights
stopped = train(y_few, max(best, 1)).model
early, late = test_accuracy(stopped), test_accuracy(noisy.model)
gain = early - late
print(f"validation loss is lowest at epoch {best}: "
      f"{noisy.val_losses[best]:.3f}; at the end: {noisy.val_losses[-1]:.3f}")
print(f"training loss at the end: {noisy.final_loss:.4f}")
print(f"test accuracy, stopped at epoch {best}: {early:.1%}; "
      f"trained to the end: {late:.1%}")
curves = {"training": noisy.losses, "validation": noisy.val_losses}
ax = toynn.plot_losses(curves, log=True)
ax.set_ylabel("BCE loss")
ax.axvline(best, color="0.4", linestyle=":",
           label=f"lowest validation loss (epoch {best})")
ax.legend()
ax.set_title("Training loss falls; validation loss turns around")

# %% tags=["claims"]
val_low, val_end = noisy.val_losses[best], noisy.val_losses[-1]
toynn.check_claim(noisy.final_loss < 0.1,
                  "the wide net fits its noisy labels")
toynn.check_claim(val_end > 2 * val_low,
                  "the validation loss more than doubles after its minimum")
toynn.check_claim(gain > 0,
                  "the net stopped early is right on more test points")

# %% [markdown]
# The training loss keeps falling, to {{ noisy.final_loss:.4f }}, while the net learns
# the flipped labels by heart; the validation loss bottoms out at epoch {{ best }}, at
# {{ val_low:.3f }}, and then rises to {{ val_end:.3f }}. On the test set, the net
# stopped at that epoch is right on {{ early:.1%}} of the points, the one trained to the
# end on {{ late:.1%}}. A net that fits its training points ever better while getting
# worse on new ones [overfits](../../glossary/#overfitting).
#
# ## What the extra training learned
#
# Where did the extra training go? Into the flipped points:

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4.5), layout="constrained")
for ax, (name, net) in zip(axes, [("stopped early", stopped),
                                  ("trained to the end", noisy.model)]):
    toynn.plot_decision_regions(net, X_few, y_few, ax=ax)
    ax.set_title(f"{name}: test accuracy {test_accuracy(net):.0%}")
learned = {name: int(((net.predict_proba(X_few[flipped]) > 0.5)
                      == y_few[flipped]).sum())
           for name, net in [("early", stopped), ("end", noisy.model)]}
print(f"of the {n_flipped} flipped points, the net stopped early follows "
      f"{learned['early']} flipped labels, the net trained to the end "
      f"{learned['end']}")

# %% tags=["claims"]
toynn.check_claim(learned["end"] == n_flipped > learned["early"],
                  "trained to the end, the net follows every flipped label; "
                  "stopped early, fewer")

# %% [markdown]
# Trained to the end, the net follows all {{ n_flipped }} flipped labels: it bends its
# boundary around every flipped point, carving regions that hold nothing but a wrong
# label. Stopped early, it follows {{ learned["early"] }} of them and the shape of the
# data. Stopping when the validation loss stops improving,
# [early stopping](../../glossary/#early-stopping), is the simplest defence. On the clean
# rings of [Two rings](../classification/), a width-3 net had nothing to learn by heart,
# which is why we could train it as long as we liked.
#
# ## Summary
#
# - A low training loss says nothing about new points; measure on held-out data.
# - With flipped labels, a wide net learns every one of them by heart: its training loss
#   falls to {{ noisy.final_loss:.4f }} while its validation loss turns around at epoch
#   {{ best }}.
# - The validation set picks when to stop; the test set, used once, gives the honest
#   score: {{ early:.1%}} stopped early against {{ late:.1%}} trained to the end.
#
# ## Try this
#
# 1. **Does early stopping matter without the flipped labels?** Set
#    `flipped_share=0.0` in `HOLDOUT`.
#    <details><summary>Answer</summary>
#
#    Much less: with honest labels there is little to learn by heart, and stopping early
#    gains less test [accuracy](../../glossary/#accuracy) than with the flipped labels.
#    The run below trains on the honest labels of the same points.
#
#    </details>

# %% tags=["answer"]
honest = train(y_clean, HOLDOUT["epochs"], validation=(X_val, y_val))
honest_best = min(range(honest.epochs), key=honest.val_losses.__getitem__)
honest_stopped = train(y_clean, max(honest_best, 1)).model
honest_gain = test_accuracy(honest_stopped) - test_accuracy(honest.model)
print(f"honest labels: stopping early gains {honest_gain:+.1%} of test "
      f"accuracy (flipped labels: {gain:+.1%})")

# %% tags=["claims"]
toynn.check_claim(honest_gain < gain,
                  "with honest labels, stopping early gains less")
