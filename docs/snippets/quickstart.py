import toynn

X, y = toynn.make_rings(1000, seed=100)  # a disc inside a ring
for width in [2, 3]:
    model = toynn.MLP(2, width=width)
    history = toynn.fit(model, X, y, loss="bce", lr=1e-2, epochs=2000, seed=0)
    print(f"width {width}: final loss {history.final_loss:.3f}")

ax = toynn.plot_hidden_lines(model, X, y, regions=True)  # 3 lines, 7 regions
ax.figure.savefig("hidden_lines.png")
