# %% [markdown]
# # The messy staircase, explained
#
# On [Regression: steps and bumps](../regression/) the step prediction of the trained
# net of ten [units](../../glossary/#unit) jumps far above and below the data, while its
# smooth prediction stays close to it; the staircase of a net built by hand is the curve
# itself. This going-further page finds out why. You will learn to read the
# [output weights](../../glossary/#weight) as the heights of a staircase's jumps, to find
# where its spikes come from, and what the steepness of a unit has to do with it. Read
# the regression page first, especially its figure of one bump made of steep and of
# shallow units. Every number in the text is filled in from the run, and the claims
# about results are checked in the folded cells.

# %% tags=["knobs"]
SEED = 0  # initial weights of the trained net
LR = 1e-2
WIDTH = 10  # hidden units of the trained net
EPOCHS = 20_000
SWEEP_WIDTHS = [10, 15, 20, 25, 30, 35, 40]  # the regression page's, from 10
SWEEP_SEEDS = list(range(5))
SWEEP_EPOCHS = 10_000
HAND_WIDTH = 200  # hidden units of the net built by hand: two per bump
HAND_EPOCHS = 2_000  # training from the hand-built weights (Try this)
STEEPNESS = 200  # weight w of every hand-built unit

# %%
import matplotlib.pyplot as plt
import torch

import toynn

# %% [markdown]
# ## Two staircases
#
# First the two nets of the regression page again: the ten-unit run, and the net of
# {{ HAND_WIDTH }} units built by hand from bumps (the same `bumps` function as there).
# The figure shows both staircases at their full height:

# %%
X, y = toynn.make_damped_sine()
x = X[:, 0]
peak = y.abs().max().item()  # the tallest wave
history = toynn.fit(toynn.MLP(1, width=WIDTH), X, y, loss="mse", lr=LR,
                    epochs=EPOCHS, seed=SEED)
model = history.model


def bumps(edges, heights, steepness=STEEPNESS):
    """Two units per bump: +h switches on at its left edge, -h at its right."""
    switches = torch.stack([edges[:-1], edges[1:]], dim=1).flatten()
    W = torch.full((len(switches), 1), float(steepness))
    v = torch.stack([heights, -heights], dim=1).flatten()
    return toynn.MLP.from_weights([(W, -steepness * switches)], (v, 0.0))


spacing = (x[1] - x[0]).item()
edges = torch.linspace(x[0] - spacing / 2, x[-1] + spacing / 2,
                       HAND_WIDTH // 2 + 1)
middles = (edges[:-1] + edges[1:]) / 2
heights = torch.sin(3 * middles) * torch.exp(-middles / 8)  # curve mid-bump
fine = bumps(edges, heights)

nets = {f"Trained, {WIDTH} units": model,
        f"Built by hand, {HAND_WIDTH} units": fine}
fig, axes = plt.subplots(2, 1, figsize=(7, 6.4), sharex=True,
                         layout="constrained")
for ax, (name, net) in zip(axes, nets.items()):
    with torch.no_grad():
        net_smooth = net(X)
    net_steps = toynn.step_predict(net, X)
    v_net, _ = toynn.output_weights(net)
    ax.scatter(x, y, s=10, color="C0", alpha=0.6, label="data")
    ax.step(x, net_steps, where="mid", color="C2", label="step units")
    ax.plot(x, net_smooth, color="black", linewidth=1.5, label="the net")
    ax.set(title=f"{name}: largest |v_i| {v_net.abs().max():.2f}",
           ylabel="y")
    print(f"{name}: largest |v_i| {v_net.abs().max():.2f}; step prediction "
          f"from {net_steps.min():.1f} to {net_steps.max():.1f}, smooth "
          f"from {net_smooth.min():.1f} to {net_smooth.max():.1f}")
axes[0].legend(loc="lower right", ncols=3)
axes[1].set_xlabel("x")

# %% tags=["claims"]
def step_gap(model):
    """Largest difference between smooth and step predictions on the data."""
    with torch.no_grad():
        return (model(X) - toynn.step_predict(model, X)).abs().max().item()


v, c = toynn.output_weights(model)
v_fine, _ = toynn.output_weights(fine)
staircase = toynn.step_predict(model, X)
with torch.no_grad():
    smooth = model(X)
v_max, v_fine_max = v.abs().max().item(), v_fine.abs().max().item()
step_low, step_high = staircase.min().item(), staircase.max().item()
smooth_low, smooth_high = smooth.min().item(), smooth.max().item()
fine_gap = step_gap(fine)
hand_ramp = 4 / STEEPNESS  # how far in x a hand-built unit takes to switch
print(f"built by hand: step and smooth differ by at most {fine_gap:.1e}")

# %% [markdown]
# In the net built by hand every $|v_i|$ is the height of a bump, so the largest,
# {{ v_fine_max:.2f }}, is the curve's height in the middle of its first bump. Its
# units switch over $4/w$ = {{ hand_ramp:.2f }} in $x$, less than the grid spacing of
# 0.1, so on every data point the step and smooth predictions agree (to
# {{ fine_gap:.0e }}). With this [seed](../../glossary/#seed), the trained net's
# largest $|v_i|$ is {{ v_max:.1f }}, against a tallest wave of {{ peak:.2f }}, and its
# staircase runs from {{ step_low:.1f }} to {{ step_high:.1f }} while the smooth
# prediction stays between {{ smooth_low:.1f }} and {{ smooth_high:.1f }}.
#
# ## Where the spikes are
#
# Where does the trained staircase reach its lowest and highest steps? The cell finds,
# around each, the stretch of data where the staircase stays beyond twice the tallest
# wave, and the [thresholds](../../glossary/#threshold) inside it:

# %%
staircase = toynn.step_predict(model, X)
with torch.no_grad():
    smooth = model(X)
deltas = toynn.thresholds(model)
cuts = deltas[(deltas > x.min()) & (deltas < x.max())]


def excursion(k):
    """The first and last data points around point k where the staircase
    stays beyond twice the tallest wave on k's side; None if that stretch
    runs to an end of the data."""
    beyond = staircase * torch.sign(staircase[k]) > 2 * peak
    first = last = int(k)
    while first > 0 and beyond[first - 1]:
        first -= 1
    while last < len(x) - 1 and beyond[last + 1]:
        last += 1
    if first == 0 or last == len(x) - 1:
        return None
    return x[first].item(), x[last].item()


spikes = {}
extremes = {"lowest": staircase.argmin(), "highest": staircase.argmax()}
for name, k in extremes.items():
    spikes[name] = excursion(k)
    if spikes[name] is None:
        print(f"the {name} step's stretch runs to an end of the data")
        continue
    start, end = spikes[name]
    inside = int(((cuts > start - 0.1) & (cuts < end + 0.1)).sum())
    print(f"{name} step {staircase[k]:+.1f}: beyond twice the tallest wave "
          f"from x = {start:+.1f} to {end:+.1f}, {inside} thresholds around "
          f"it; smooth prediction there {smooth[k]:+.1f}")

# %% tags=["claims"]
described = {name: (f"from x = {s[0]:+.1f} to {s[1]:+.1f}" if s
                    else "running to an end of the data")
             for name, s in spikes.items()}
lowest_spike, highest_spike = described.values()
half_wave = torch.pi / 3  # sin(3x) repeats every 2 pi / 3
toynn.check_claim(all(s is not None and s[1] - s[0] < half_wave
                      for s in spikes.values()),
                  "each extreme step is a spike: the staircase goes beyond "
                  "twice the tallest wave and comes back within half a wave")

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

# %% [markdown]
# With this seed, the staircase stays beyond twice the tallest wave around its lowest
# step {{ lowest_spike }}, and around its highest {{ highest_spike }}. Each extreme is
# a spike: out beyond the waves and back within half a wave. The trained units pair up like the units of a bump: {{ opposite }} of
# the {{ pairs }} pairs of neighbouring thresholds in the data jump in opposite
# directions. But their jumps are many times taller than the waves.
#
# ## Not one seed
#
# Is this one unlucky run? The [width](../../glossary/#width)
# [sweep](../../glossary/#sweep) of the regression page, from {{ WIDTH }} units up,
# trained again here, gives more nets to look at:

# %%
result = toynn.sweep(X, y, widths=SWEEP_WIDTHS, seeds=SWEEP_SEEDS, loss="mse",
                     lr=LR, epochs=SWEEP_EPOCHS)
sweep_nets = [result.model(width, seed) for width in result.widths
              for seed in SWEEP_SEEDS]
largest = [toynn.output_weights(net)[0].abs().max().item()
           for net in sweep_nets]
beyond = sum(bool(toynn.step_predict(net, X).abs().max() > peak)
             for net in sweep_nets)
print(f"{len(sweep_nets)} nets with {result.widths[0]} to "
      f"{result.widths[-1]} units: largest |v_i| from {min(largest):.1f} to "
      f"{max(largest):.1f}; {beyond} staircases leave the data's range")

# %% tags=["claims"]
n_nets = len(sweep_nets)
v_least = min(largest)
widest = result.widths[-1]
counts = torch.tensor([alternating(net) for net in sweep_nets]).sum(dim=0)
alternate_share = (counts[0] / counts[1]).item()
print(f"{counts[0]} of {counts[1]} neighbouring jumps alternate")
toynn.check_claim(min(largest) > 2.5 * peak and beyond == n_nets,
                  "in every trained net of the sweep from the main width up, "
                  "the largest |v_i| is far above the tallest wave and the "
                  "staircase leaves the data's range")
toynn.check_claim(alternate_share > 0.5,
                  "in the sweep's nets, most neighbouring jumps alternate")

# %% [markdown]
# In all {{ n_nets }} nets, with {{ WIDTH }} to {{ widest }} units, the largest $|v_i|$
# is far above the tallest wave, from {{ v_least:.1f }} up, and every staircase leaves
# the data's range. Most neighbouring jumps alternate: {{ alternate_share:.0%}} of them
# across the sweep.
#
# ## Shallow units that cancel
#
# Pairing alone is not the difference: every hand-built bump is a pair with $+h$ and
# $-h$ too. What differs is steepness. The next figure draws each trained unit's
# contribution $v_i\,\sigma(w_i x + b_i)$ to the prediction, and their sum:

# %% tags=["headline"]
w = model.hidden_layers[0].weight.detach()[:, 0]
v, _ = toynn.output_weights(model)
ramps = 4 / w.abs()  # how far in x each unit takes to switch
with torch.no_grad():
    parts = model.hidden(X)[0] * v  # (points, units): v_i * sigmoid(...)
print(f"trained |w_i| from {w.abs().min():.2f} to {w.abs().max():.2f}: units "
      f"switch over 4/|w_i| = {ramps.min():.2f} to {ramps.max():.1f}")
fig, ax = plt.subplots(figsize=(7, 4.4), layout="constrained")
ax.plot(x, parts, linestyle="--", linewidth=1)
ax.plot(x, smooth, color="black", linewidth=2.5, label="sum: the prediction")
ax.scatter(x, y, s=8, color="C0", alpha=0.6, label="data")
ax.set(xlabel="x", ylabel="contribution v_i σ(w_i x + b_i)",
       title=f"The {WIDTH} trained units' contributions (dashed)")
ax.legend(loc="lower right")

# %% tags=["claims"]
sweep_ramps = torch.cat([4 / net.hidden_layers[0].weight.detach().abs()[:, 0]
                         for net in sweep_nets])
median_ramp = sweep_ramps.median().item()
ramp_low, ramp_high = ramps.min().item(), ramps.max().item()


def contribution_ratio(net):
    """The largest single contribution over the largest prediction."""
    with torch.no_grad():
        v_net, _ = toynn.output_weights(net)
        biggest = (net.hidden(X)[0] * v_net).abs().max()
        return (biggest / net(X).abs().max()).item()


ratios = [contribution_ratio(net) for net in sweep_nets]
least_ratio = min(ratios)
fine_ratio = contribution_ratio(fine)
print(f"median 4/|w_i| in the sweep {median_ramp:.2f}; largest contribution "
      f"over largest prediction: {least_ratio:.1f} or more in the sweep, "
      f"{fine_ratio:.2f} built by hand")
toynn.check_claim(median_ramp > 10 * hand_ramp,
                  "trained units switch far more gradually than hand-built "
                  "ones")
toynn.check_claim(least_ratio > 2,
                  "in every trained net of the sweep, some unit contributes "
                  "more than twice the largest prediction")

# %% [markdown]
# The trained units are shallow: this net's units switch over {{ ramp_low:.2f }} to
# {{ ramp_high:.1f }} in $x$, and the sweep's over {{ median_ramp:.2f }} in the median,
# against {{ hand_ramp:.2f }} for the hand-built ones. Units that switch that gradually
# and close together are never fully on or off between their thresholds. Like the low,
# smooth hump made of shallow units on the regression page, their sum is made of large
# contributions that mostly cancel: in every net of the sweep, some unit contributes at
# least {{ least_ratio:.1f }} times the largest prediction, while in the hand-built net
# no unit contributes more than the curve ({{ fine_ratio:.2f }} times). The step version
# removes the overlap and shows the contributions undiluted: that is the mess. The
# hand-built units are steep, so each plateau is reached, and $v_i$ is a height of the
# curve.
#
# Training does not aim for a readable staircase; it aims for a small
# [loss](../../glossary/#loss), and shallow, overlapping units make smooth humps that,
# as the regression page's error figure shows, fit this curve with far fewer units than
# rectangles do.
#
# ## Summary
#
# - A staircase jumps by $\pm v_i$ at each threshold. With this seed the trained net's
#   largest $|v_i|$ is {{ v_max:.1f }}, against waves at most {{ peak:.2f }} tall, and
#   its staircase runs from {{ step_low:.1f }} to {{ step_high:.1f }}.
# - Its extremes are spikes: big jumps out and back within half a wave. All
#   {{ n_nets }} nets of the sweep from {{ WIDTH }} units up have such outsized jumps.
# - Trained units are shallow, so their large contributions overlap and cancel; steep
#   hand-built units reach each plateau, and their $v_i$ are heights of the curve.
#
# ## Try this
#
# Predict, run, then open the answer; each is backed by a run on this page.
#
# 1. **Train four times longer.** Does the trained net's staircase get tidier?
#    <details><summary>Answer</summary>
#
#    No. The loss barely moves, the units get no steeper, and the largest $|v_i|$ does
#    not shrink. More [epochs](../../glossary/#epoch) do not undo the cancelling.
#
#    </details>

# %% tags=["answer"]
longer = toynn.fit(toynn.MLP(1, width=WIDTH), X, y, loss="mse", lr=LR,
                   epochs=4 * EPOCHS, seed=SEED)
w_long = longer.model.hidden_layers[0].weight.detach()[:, 0]
v_long, _ = toynn.output_weights(longer.model)
print(f"{EPOCHS} epochs: loss {history.final_loss:.3f}, median 4/|w_i| "
      f"{ramps.median():.2f}, largest |v_i| {v.abs().max():.1f}")
print(f"{4 * EPOCHS} epochs: loss {longer.final_loss:.3f}, median 4/|w_i| "
      f"{(4 / w_long.abs()).median():.2f}, largest |v_i| "
      f"{v_long.abs().max():.1f}")

# %% [markdown]
# 2. **Train the net built by hand.** Start `toynn.fit` from the {{ HAND_WIDTH }}-unit
#    construction (no `seed`, so it keeps its weights) for {{ HAND_EPOCHS:,}} epochs.
#    Does training make it messy?
#    <details><summary>Answer</summary>
#
#    No. The error falls more than a hundredfold, while the largest $|v_i|$ stays near
#    the curve's height and the units stay steep. Training does not have to make a mess:
#    from small random weights it found a messy solution, and from a tidy one it stays
#    tidy.
#
#    </details>

# %% tags=["answer"]
tidy = bumps(edges, heights)  # a fresh copy of the construction
with torch.no_grad():
    fine_error = ((tidy(X) - y) ** 2).mean().item()
trained_fine = toynn.fit(tidy, X, y, loss="mse", lr=LR, epochs=HAND_EPOCHS)
v_trained, _ = toynn.output_weights(tidy)
w_trained = tidy.hidden_layers[0].weight.detach()[:, 0]
v_fine, _ = toynn.output_weights(fine)
print(f"built by hand: loss {fine_error:.4f}, largest |v_i| "
      f"{v_fine.abs().max():.2f}")
print(f"then trained for {HAND_EPOCHS} epochs: loss "
      f"{trained_fine.final_loss:.2e}, largest |v_i| "
      f"{v_trained.abs().max():.2f}, median 4/|w_i| "
      f"{(4 / w_trained.abs()).median():.3f}")

# %% tags=["claims"]
toynn.check_claim(longer.final_loss > history.final_loss / 2,
                  "four times the epochs barely move the loss")
toynn.check_claim((4 / w_long.abs()).median() >= 0.9 * ramps.median(),
                  "four times the epochs make the units no steeper")
toynn.check_claim(v_long.abs().max() >= 0.9 * v.abs().max(),
                  "four times the epochs do not shrink the largest |v_i|")
toynn.check_claim(trained_fine.final_loss < fine_error / 100,
                  "training the hand-built net lowers its error more than a "
                  "hundredfold")
toynn.check_claim(v_trained.abs().max() < 1.5 * v_fine_max
                  and (4 / w_trained.abs()).median() < 2 * hand_ramp,
                  "trained from the construction, the output weights stay "
                  "near the curve's height and the units stay steep")
