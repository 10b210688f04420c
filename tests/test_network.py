"""The network diagram and the per-unit heatmaps: what they draw and what they refuse."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from matplotlib import colors as mcolors  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import toynn  # noqa: E402
from toynn.plots import plot_network, plot_unit_heatmaps  # noqa: E402
from toynn.plots._style import BLUE, VERMILLION  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def rings():
    return toynn.make_rings(100, seed=0)


def triangle() -> toynn.MLP:
    """The hand-built net of the tutorials: three lines around the disc."""
    angles = torch.tensor([90.0, 210.0, 330.0]) * math.pi / 180
    normals = torch.stack([angles.cos(), angles.sin()], dim=1)
    return toynn.MLP.from_weights([(40 * normals, torch.full((3,), -50.0))],
                                  (torch.full((3,), 20.0), -10.0))


def all_weights(model: toynn.MLP) -> np.ndarray:
    """Every weight in the order the edges are drawn: layer, target unit, source unit."""
    return np.concatenate([layer.weight.detach().double().numpy().ravel()
                           for layer in model.layers])


def node_patches(ax):
    """The node circles (filled white; heatmaps add an outline circle on top)."""
    return [p for p in ax.patches if p.get_facecolor()[:3] == (1.0, 1.0, 1.0)]


# ------------------------------------------------------------------------- plot_network


@pytest.mark.parametrize("sizes", [(2, 1, 1, 1), (2, 3, 1, 1), (2, 8, 1, 1), (2, 4, 3, 1),
                                   (4, 5, 2, 3), (1, 2, 1, 1)])
def test_network_draws_one_node_per_unit_and_one_edge_per_weight(sizes):
    n_in, width, depth, n_out = sizes
    model = toynn.MLP(n_in, n_out, width=width, depth=depth, seed=0)
    ax = plot_network(model)
    assert len(node_patches(ax)) == n_in + width * depth + n_out
    n_weights = n_in * width + width * width * (depth - 1) + width * n_out
    assert len(ax.lines) == n_weights
    # heatmaps by default exactly for 2 inputs: one per hidden unit and output
    assert len(ax.images) == ((width * depth + n_out) if n_in == 2 else 0)


def test_edge_widths_follow_the_size_of_the_weights_and_colours_their_sign():
    model = toynn.MLP(2, width=5, depth=2, seed=3)
    ax = plot_network(model)
    weights = all_weights(model)
    widths = np.array([line.get_linewidth() for line in ax.lines])
    order = np.argsort(np.abs(weights), kind="stable")
    assert np.all(np.diff(widths[order]) >= -1e-12)  # sorted by |w|, widths never shrink
    assert widths[np.abs(weights).argmax()] == pytest.approx(widths.max())
    assert widths.max() > 4 * widths.min()
    for line, w in zip(ax.lines, weights):
        colour = mcolors.to_hex(line.get_color())
        if w >= 0:
            assert colour == BLUE.lower() and line.get_linestyle() == "-"
        else:  # the sign also shows without colour: dashed
            assert colour == VERMILLION.lower() and line.get_linestyle() == "--"


def test_edges_are_labelled_by_layer_and_units():
    ax = plot_network(toynn.MLP(2, width=3, seed=0))
    labels = [line.get_label() for line in ax.lines]
    assert labels[:2] == ["w 1: unit 0 <- x_1", "w 1: unit 0 <- x_2"]
    assert labels[-1] == "w 2: output <- unit 2"


def test_inputs_and_outputs_are_labelled():
    ax = plot_network(toynn.MLP(3, 2, width=2, seed=0), heatmaps=False)
    texts = {t.get_text() for t in ax.texts}
    assert {"$x_{1}$", "$x_{2}$", "$x_{3}$", "output 0", "output 1"} <= texts
    ax = plot_network(toynn.MLP(2, width=2, seed=0))
    assert "output" in {t.get_text() for t in ax.texts}


def test_nodes_do_not_overlap_and_stay_in_view():
    ax = plot_network(toynn.MLP(2, width=8, depth=3, seed=0))
    centres = np.array([p.center for p in node_patches(ax)])
    radius = node_patches(ax)[0].radius
    distances = np.hypot(*(centres[:, None] - centres[None]).transpose(2, 0, 1))
    np.fill_diagonal(distances, np.inf)
    assert distances.min() > 2 * radius
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < centres[:, 0].min() - radius and centres[:, 0].max() + radius < x1
    assert y0 < centres[:, 1].min() - radius and centres[:, 1].max() + radius < y1


@pytest.mark.parametrize("activation", sorted(toynn.ACTIVATIONS))
def test_heatmaps_are_the_units_activations(rings, activation):
    X, _ = rings
    model = toynn.MLP(2, width=3, depth=2, activation=activation, seed=1)
    resolution = 12
    ax = plot_network(model, X, resolution=resolution)
    assert len(ax.images) == 3 + 3 + 1
    # the view: a square around the data
    extent = ax.images[0].get_extent()
    x0, x1 = X[:, 0].min().item(), X[:, 0].max().item()
    side = x1 - x0
    xs = np.linspace(x0 - 0.1 * side, x1 + 0.1 * side, resolution)
    ys_mid = (X[:, 1].min().item() + X[:, 1].max().item()) / 2
    ys = np.linspace(ys_mid - (xs[-1] - xs[0]) / 2, ys_mid + (xs[-1] - xs[0]) / 2, resolution)
    gx, gy = np.meshgrid(xs, ys)
    points = torch.tensor(np.column_stack([gx.ravel(), gy.ravel()]), dtype=torch.float32)
    with torch.no_grad():
        hidden = [h.double().numpy() for h in model.hidden(points)]
        output = model(points).double().numpy()
    expected = [*(h[:, i] for h in hidden for i in range(3)), output]
    square = abs(extent[1] - extent[0] - (extent[3] - extent[2])) < 1e-9
    assert square
    for image, values in zip(ax.images, expected):
        drawn = np.asarray(image.get_array(), dtype=float)
        np.testing.assert_allclose(drawn, values.reshape(resolution, resolution), rtol=1e-5,
                                   atol=1e-5)
        assert image.get_clip_path() is not None  # clipped to the node's circle


def test_heatmap_colours_use_the_activation_range_for_sigmoid():
    ax = plot_network(triangle())
    for image in ax.images[:3]:
        assert image.get_clim() == (0.0, 1.0)
    # the hand-built units are steep: each is off on part of the view and on on another
    for image in ax.images[:3]:
        values = np.asarray(image.get_array())
        assert values.min() < 0.01 and values.max() > 0.99


def test_network_description_gives_the_shape_and_the_largest_weight():
    ax = plot_network(triangle())
    text = toynn.describe(ax)
    assert "2 inputs, 3 sigmoid hidden units and 1 output" in text
    assert "9 weights (5 positive, solid blue; 4 negative, dashed vermillion)" in text
    assert "the largest, 40, goes from x2 to unit 0" in text
    assert "heatmap" in text
    deep = toynn.describe(plot_network(toynn.MLP(4, 2, width=3, depth=2, seed=0)))
    assert "4 inputs, 2 hidden layers of 3 sigmoid units and 2 outputs" in deep
    assert "heatmap" not in deep
    one = toynn.describe(plot_network(toynn.MLP(2, width=1, seed=0)))
    assert "1 sigmoid hidden unit and" in one


def test_network_draws_on_the_given_axes_and_returns_them():
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_network(toynn.MLP(2, width=2, seed=0), ax=right) is right
    assert len(right.lines) == 6 and not left.lines
    ax = plot_network(toynn.MLP(2, width=2, seed=0))
    assert isinstance(ax.figure, Figure) and ax.figure is not fig


def test_network_refuses_bad_input(rings):
    X, _ = rings
    with pytest.raises(TypeError, match="model must be a toynn.MLP"):
        plot_network(torch.nn.Linear(2, 1))
    with pytest.raises(ValueError, match="heatmaps=True needs a model with in_features=2"):
        plot_network(toynn.MLP(3, width=2, seed=0), heatmaps=True)
    with pytest.raises(TypeError, match="heatmaps must be"):
        plot_network(toynn.MLP(2, width=2, seed=0), heatmaps="yes")
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        plot_network(toynn.MLP(2, width=2, seed=0), X[:, :1].repeat(1, 3))
    with pytest.raises(ValueError, match="margin"):
        plot_network(toynn.MLP(2, width=2, seed=0), X, margin=-1)
    with pytest.raises(TypeError, match="ax must be"):
        plot_network(toynn.MLP(2, width=2, seed=0), ax="left")


def test_network_without_heatmaps_draws_plain_nodes(rings):
    ax = plot_network(toynn.MLP(2, width=3, seed=0), heatmaps=False)
    assert not ax.images and len(ax.lines) == 9
    assert "heatmap" not in toynn.describe(ax)


# -------------------------------------------------------------------- plot_unit_heatmaps


def test_unit_heatmaps_one_panel_per_unit_with_its_activation(rings):
    X, y = rings
    model = triangle()
    fig = plot_unit_heatmaps(model, X, y, resolution=20)
    assert isinstance(fig, Figure)
    panels = [ax for ax in fig.axes if ax.get_title().startswith("unit")]
    assert [ax.get_title() for ax in panels] == ["unit 0", "unit 1", "unit 2"]
    assert len(fig.axes) == 3 + 1  # and one colour bar
    for i, ax in enumerate(panels):
        image = ax.images[0]
        x0, x1, y0, y1 = image.get_extent()
        dx, dy = (x1 - x0) / 20, (y1 - y0) / 20  # pixels are centred on the grid points
        gx, gy = np.meshgrid(np.linspace(x0 + dx / 2, x1 - dx / 2, 20),
                             np.linspace(y0 + dy / 2, y1 - dy / 2, 20))
        points = torch.tensor(np.column_stack([gx.ravel(), gy.ravel()]), dtype=torch.float32)
        with torch.no_grad():
            h = model.hidden(points)[0][:, i].double().numpy().reshape(20, 20)
        np.testing.assert_allclose(np.asarray(image.get_array()), h, atol=1e-5)
        assert image.get_clim() == (0.0, 1.0)  # one scale for all panels
        assert len(ax.collections) >= 2  # the h = 0.5 line and the data
    assert fig.legends, "a legend of the classes"
    assert "h = 0.5" in fig.get_suptitle()


def test_unit_heatmaps_of_deeper_layers_and_relu():
    model = toynn.MLP(2, width=5, depth=3, activation="relu", seed=2)
    fig = plot_unit_heatmaps(model, layer=3, ncols=3, resolution=10)
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert len(panels) == 5
    climits = {ax.images[0].get_clim() for ax in panels}
    assert len(climits) == 1 and next(iter(climits))[0] == pytest.approx(0.0, abs=1e-9)
    assert "hidden layer 3" in fig.get_suptitle() and "z = 0" in fig.get_suptitle()


def test_unit_heatmaps_description(rings):
    X, y = rings
    text = toynn.describe(plot_unit_heatmaps(triangle(), X, y, resolution=20))
    assert "3 heatmaps, one for each unit of the hidden layer of a width-3 sigmoid net" in text
    assert "on one colour scale from 0 to 1" in text
    assert "200 points are drawn on top" in text
    assert "Panel" not in text  # the figure's sentence covers the panels


def test_unit_heatmaps_draw_on_a_given_figure():
    fig = plt.figure()
    left, right = fig.subfigures(1, 2)
    assert plot_unit_heatmaps(toynn.MLP(2, width=2, seed=0), fig=right) is right
    assert len(right.axes) == 3 and not left.axes


def test_unit_heatmaps_legible_at_page_width(rings):
    X, y = rings
    fig = plot_unit_heatmaps(toynn.MLP(2, width=8, seed=0), X, y)
    points_per_pixel = fig.get_figwidth() * 72 / 700  # shown 700 px wide
    fig.canvas.draw()
    sizes = [t.get_fontsize() for ax in fig.axes for t in
             [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(),
              *ax.get_yticklabels()] if t.get_text()]
    assert min(sizes) / points_per_pixel >= 9


def test_unit_heatmaps_refuse_bad_input(rings):
    X, y = rings
    with pytest.raises(TypeError, match="model must be a toynn.MLP"):
        plot_unit_heatmaps("net")
    with pytest.raises(ValueError, match="in_features=2"):
        plot_unit_heatmaps(toynn.MLP(3, width=2, seed=0))
    with pytest.raises(ValueError, match="layer must be between 1 and 2"):
        plot_unit_heatmaps(toynn.MLP(2, width=2, depth=2, seed=0), layer=3)
    with pytest.raises(ValueError, match="layer"):
        plot_unit_heatmaps(toynn.MLP(2, width=2, seed=0), layer=0)
    with pytest.raises(ValueError, match="y was given without X"):
        plot_unit_heatmaps(toynn.MLP(2, width=2, seed=0), y=y)
    with pytest.raises(ValueError, match="y must"):
        plot_unit_heatmaps(toynn.MLP(2, width=2, seed=0), X, y[:5])
    with pytest.raises(TypeError, match="fig must be"):
        plot_unit_heatmaps(toynn.MLP(2, width=2, seed=0), fig="figure")
