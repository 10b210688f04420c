import toynn

X, y = toynn.make_rings(1000, seed=100)  # a disc of points inside a ring
for width in [2, 3]:
    model = toynn.MLP(2, width=width)
    history = toynn.fit(model, X, y, loss="bce", lr=1e-2, epochs=2000, seed=0)
    print(f"width {width}: loss {history.losses[0]:.3f} -> {history.final_loss:.3f}")

ax = toynn.plot_hidden_lines(model, X, y, regions=True)  # the width-3 net's 3 lines
ax.figure.savefig("hidden_lines.png")
