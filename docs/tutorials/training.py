# %% [markdown]
# # Training: loss and gradient descent
#
# The net of [A network built by hand](../by-hand/) separates the two rings because we
# chose its [weights](../../glossary/#weight). Here a network finds its own. You will
# learn how a [loss](../../glossary/#loss) scores a network's answers, what [gradient
# descent](../../glossary/#gradient-descent) and
# [backpropagation](../../glossary/#backpropagation) do with that score, how to write the
# training loop in PyTorch, and how `toynn.fit` runs the same loop for you. Read [One
# unit draws a line](../one-unit/) and [A network built by hand](../by-hand/) first.

# %% tags=["knobs"]
DATA_SEED = 100  # the points
SEED = 0  # initial weights of the model
FIRST_RUN = dict(width=2, lr=1e-2, epochs=100)  # a first, short run
LONGER_EPOCHS = 1_000  # the first run, ten times longer (Try this)
CHECK_SEEDS = list(range(100))  # seeds of the checks that it isn't luck

# %%
import math

import torch

import toynn

F = torch.nn.functional

# %% [markdown]
# ## The data
#
# The same two rings as on the pages before: 1000 points per class, a disc of radius 1
# (class 0) inside a ring between radius 3 and 4 (class 1).

# %%
X, y = toynn.make_rings(1000, seed=DATA_SEED)
print(f"X: {tuple(X.shape)}, y: {tuple(y.shape)}, class 1: {y.mean():.0%}")
ax = toynn.plot_data(X, y)
ax.set_title("Two rings: 1000 points per class")

# %% [markdown]
# ## The loss: binary cross-entropy
#
# To improve a network we first need a number that says how wrong it is: the loss.
# For a target $t \in \{0, 1\}$ and a predicted probability
# $p$ of class 1, the [binary cross-entropy](../../glossary/#cross-entropy) is
#
# $$ \ell(p, t) = -\,t \log p - (1 - t) \log(1 - p). $$
#
# The loss $L$ of the network is the average of $\ell$ over all the points. $\ell$ is 0
# for a confident right answer and grows without bound for a confident wrong one. Here it
# is for target 1 at a few probabilities:

# %%
probs = torch.tensor([0.01, 0.3, 0.5, 1.0])
bce = F.binary_cross_entropy(probs, torch.ones(4), reduction="none")
for p, value in zip(probs, bce):
    print(f"p = {p:4.2f}  ->  loss {value + 0.0:.4f}")  # + 0.0 turns -0 into 0

# %% [markdown]
# Guessing $p = 0.5$ for every point costs $\log 2 \approx 0.6931$: the number to beat.
#
# ## The model and its parameters
#
# `toynn.MLP` builds a network with one [hidden layer](../../glossary/#hidden-layer) of
# `width` [sigmoid](../../glossary/#sigmoid) [units](../../glossary/#unit) by default,
# and one output unit. A net with 2 inputs, 2 hidden units and 1 output has
# $2 \cdot 2 + 2 = 6$ weights and [biases](../../glossary/#bias) in the hidden layer and
# $2 + 1 = 3$ in the output layer. Training may change all of them; `seed` picks their
# random starting values:

# %%
model = toynn.MLP(2, width=2, seed=SEED)
for name, parameter in model.named_parameters():
    values = [round(v, 3) for v in parameter.data.flatten().tolist()]
    print(f"{name:<20} shape {tuple(parameter.shape)!s:<7} {values}")
print("parameters in all:", sum(p.numel() for p in model.parameters()))

# %% [markdown]
# The output unit has no sigmoid: `model(X)` returns a [logit](../../glossary/#logit) $z$
# for every point, and the probability of class 1 is $\sigma(z) = 1 / (1 + e^{-z})$ (why,
# in [Going further](#going-further)). So `model(X) > 0.5` is **not** the test for class
# 1: it asks for $p > \sigma(0.5) \approx 0.62$. The right tests are `model(X) > 0` or
# `model.predict_proba(X) > 0.5`, which say the same.
#
# An untrained network starts *near* the loss of guessing, not exactly on it: its initial
# weights are small, so its probabilities are close to 0.5 but not equal to it.

# %%
with torch.no_grad():
    start_loss = F.binary_cross_entropy_with_logits(model(X), y).item()
print(f"loss of the untrained net: {start_loss:.4f} "
      f"(guessing: {math.log(2):.4f})")

# %% tags=["claims"]
with torch.no_grad():
    start_losses = torch.tensor([
        F.binary_cross_entropy_with_logits(
            toynn.MLP(2, width=2, seed=s)(X), y).item()
        for s in CHECK_SEEDS])
off = (start_losses - math.log(2)).abs()
toynn.check_claim(bool(off.max() < 0.2) and bool(off.min() > 0),
                  "an untrained net starts near the loss of guessing, "
                  "not on it, for every seed")

# %% [markdown]
# ## Gradient descent
#
# The loss is a function of the nine parameters. The
# [gradient](../../glossary/#gradient) $\partial L / \partial w$ of the loss $L$ with
# respect to a parameter $w$ says how fast the loss grows when $w$ grows.
# Gradient descent moves every parameter a little
# against its gradient, downhill:
#
# $$ w \leftarrow w - \eta\, \frac{\partial L}{\partial w}. $$
#
# The [learning rate](../../glossary/#learning-rate) $\eta$ sets the size of the step:
# too small and training crawls, too large and it overshoots.
#
# Backpropagation computes all those gradients at
# once. The network is a chain of simple steps (weighted sums, sigmoids, the loss), and
# the chain rule of calculus gives the derivative of a chain from the derivatives of its
# steps. Going backward, from the loss to the output layer and then to the hidden layer,
# each step reuses what the step after it computed, so one backward pass costs about as
# much as the forward one. In PyTorch, `loss.backward()` does it and stores each
# parameter's gradient in its `.grad`.
#
# One [epoch](../../glossary/#epoch) is one pass over the training data. Here every epoch
# is a single step computed on all the points at once:
# [full-batch](../../glossary/#full-batch) training. [Adam](../../glossary/#adam), the
# optimizer we use, follows the same idea but scales each parameter's step by running
# averages of its gradient and of the gradient's square, so every parameter moves at
# about the same pace, whatever the size of its gradient.
#
# ## The loop, written out
#
# A first short run with two hidden units, in plain PyTorch:

# %%
model = toynn.MLP(2, width=FIRST_RUN["width"], seed=SEED)
optimizer = torch.optim.Adam(model.parameters(), lr=FIRST_RUN["lr"])
loop_losses = []
for _ in range(FIRST_RUN["epochs"]):  # one epoch: one step on all the data
    loss = F.binary_cross_entropy_with_logits(model(X), y)  # forward pass
    optimizer.zero_grad()  # forget the previous epoch's gradients
    loss.backward()  # dL/dw for every parameter: backpropagation
    optimizer.step()  # one Adam step
    loop_losses.append(loss.item())
print(f"loss went from {loop_losses[0]:.3f} to {loop_losses[-1]:.3f} "
      f"in {FIRST_RUN['epochs']} epochs")

# %% [markdown]
# The loss is computed from the logits by `binary_cross_entropy_with_logits`, which
# applies the sigmoid itself. `zero_grad` matters: PyTorch adds new gradients to the old
# ones unless told to forget them.
#
# ## The same run with `toynn.fit`
#
# `toynn.fit` runs this loop and returns a `toynn.History` with the loss of every epoch.
# It computes the same gradients, written out by hand instead of through autograd, which
# is faster (the repository's `scripts/bench_fit.py` measures by how much). With the same
# `seed` it starts from the same weights, so its losses match the loop's:

# %%
first_history = toynn.fit(
    toynn.MLP(2, width=FIRST_RUN["width"]), X, y, loss="bce",
    lr=FIRST_RUN["lr"], epochs=FIRST_RUN["epochs"], seed=SEED,
)
print(first_history)
gap = max(abs(a - b) for a, b in zip(loop_losses, first_history.losses))
print(f"largest difference from the loop's losses: {gap:.1e}")

# %% tags=["claims"]
toynn.check_claim(gap < 1e-5, "toynn.fit matches the loop's losses")
start, end = first_history.losses[0], first_history.final_loss
n_check = len(CHECK_SEEDS)
many_first = toynn.sweep(X, y, widths=[FIRST_RUN["width"]], seeds=CHECK_SEEDS,
                         loss="bce", lr=FIRST_RUN["lr"],
                         epochs=FIRST_RUN["epochs"]).final_losses
best_first = many_first.min().item()
toynn.check_claim(best_first > 0.5,
                  "no seed of the check gets this first run below loss 0.5")

# %% [markdown]
# From {{ start:.3f }} to {{ end:.3f }}: not far from guessing. It is not this
# [seed](../../glossary/#seed)'s bad luck. `toynn.sweep` trains one model per seed, all
# at once, and the same run from {{ n_check }} seeds (in the folded checks above) ends no
# lower than {{ best_first:.3f }}. Either the run is too short, or two units cannot
# separate the rings. [Two rings: why two units fail](../classification/) finds out
# which.
#
# ## Summary
#
# - The binary cross-entropy scores a network: 0 for confident right answers, large for
#   confident wrong ones, $\log 2$ for a guess of 0.5.
# - Gradient descent moves every weight and bias a small step against its gradient;
#   backpropagation computes all the gradients in one backward pass.
# - The model outputs logits: test `model(X) > 0`, not `model(X) > 0.5`.
# - A training loop is forward pass, loss, `zero_grad`, `backward`, `step`, once per
#   epoch; `toynn.fit` runs the same loop and gets the same losses.
# - A short first run with two units stays above loss 0.5 for every seed checked.
#
# ## Try this
#
# 1. **Is Adam needed?** Replace `torch.optim.Adam` by `torch.optim.SGD`, plain gradient
#    descent, in the loop, with the same learning rate.
#    <details><summary>Answer</summary>
#
#    With that learning rate, plain gradient descent barely moves. Each of its steps is
#    the learning rate times the gradient, and here every gradient is well below 1, so
#    its steps are a fraction of Adam's, which are about the learning rate whatever the
#    gradient's size. The run below compares them for the first seeds of the check.
#
#    </details>

# %% tags=["answer"]
def loop(optimizer_class, seed):
    """The loop above, with another optimizer; returns all the losses."""
    net = toynn.MLP(2, width=FIRST_RUN["width"], seed=seed)
    optimizer = optimizer_class(net.parameters(), lr=FIRST_RUN["lr"])
    losses = []
    for _ in range(FIRST_RUN["epochs"]):
        loss = F.binary_cross_entropy_with_logits(net(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


sgd, adam = loop(torch.optim.SGD, SEED), loop(torch.optim.Adam, SEED)
print(f"loss from {sgd[0]:.4f}, after {len(sgd)} epochs: "
      f"SGD {sgd[-1]:.4f}, Adam {adam[-1]:.4f}")

# %% [markdown]
# 2. **Train longer.** Set `epochs` in `FIRST_RUN` to `LONGER_EPOCHS`, ten times more.
#    <details><summary>Answer</summary>
#
#    The loss falls further, but for no seed of the check below 0.1 (see the run below).
#    [Two rings: why two units fail](../classification/) shows why.
#
#    </details>

# %% tags=["answer"]
longer = toynn.sweep(X, y, widths=[FIRST_RUN["width"]], seeds=CHECK_SEEDS,
                     loss="bce", lr=FIRST_RUN["lr"], epochs=LONGER_EPOCHS)
print(f"{LONGER_EPOCHS} epochs: lowest final loss over {n_check} seeds "
      f"{longer.final_losses.min():.3f}")

# %% tags=["claims"]
def largest_gradient_at_start(seed):
    net = toynn.MLP(2, width=FIRST_RUN["width"], seed=seed)
    F.binary_cross_entropy_with_logits(net(X), y).backward()
    return max(p.grad.abs().max().item() for p in net.parameters())


toynn.check_claim(all(largest_gradient_at_start(s) < 0.5
                      for s in CHECK_SEEDS[:5]),
                  "every gradient is well below 1 at the start")
drops = torch.tensor([[run[0] - run[-1] for run in
                       (loop(torch.optim.SGD, s), loop(torch.optim.Adam, s))]
                      for s in CHECK_SEEDS[:5]])  # rows: seeds; SGD, Adam
toynn.check_claim(bool((drops[:, 0] < drops[:, 1]).all())
                  and bool(drops[:, 0].sum() < drops[:, 1].sum() / 3),
                  "plain gradient descent barely moves at this learning rate")
toynn.check_claim(bool(longer.final_losses.min() > 0.1)
                  and bool(longer.final_losses.max() < many_first.min()),
                  "longer runs fall further, but never below 0.1")

# %% [markdown]
# ## Going further
#
# ### Where PyTorch finds the parameters
#
# An optimizer updates only what `model.parameters()` returns, and PyTorch finds a layer
# only when it is stored as a module. `toynn.MLP` keeps its hidden layers in an
# `nn.ModuleList` for that reason. A layer kept in a plain Python list is invisible: it
# would never train, and nothing would warn you.

# %%
holder = torch.nn.Module()
holder.plain_list = [torch.nn.Linear(2, 2)]
holder.module_list = torch.nn.ModuleList([torch.nn.Linear(2, 2)])
print("the optimizer would see:", [n for n, _ in holder.named_parameters()])

# %% [markdown]
# ### Why the model outputs logits
#
# The loss is computed from the logit $z$ directly (`loss="bce"` is binary cross-entropy
# *on logits*). The alternative, a sigmoid output fed to the plain cross-entropy, is the
# same in mathematics but worse in floating point. In float32, $\sigma(z)$ rounds to
# exactly 1 once $z$ is above about 17, and then $\log(1 - p)$ is $\log 0$. PyTorch clamps
# that to $-100$, so a confidently wrong prediction reports a loss of 100 whatever its
# size, and its gradient is lost. On logits the loss is $\log(1 + e^{z}) - t z$, computed
# stably, and it stays exact:

# %%
target = torch.zeros(1)
for logit in [5.0, 20.0, 40.0]:
    z = torch.tensor([logit])
    via_probability = F.binary_cross_entropy(torch.sigmoid(z), target).item()
    on_logits = F.binary_cross_entropy_with_logits(z, target).item()
    print(f"z = {logit:2.0f}, target 0: sigmoid + BCE = "
          f"{via_probability:8.4f}, BCE on logits = {on_logits:8.4f}")
