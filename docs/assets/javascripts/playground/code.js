// Take it home: the toynn code that reproduces a playground run, and a model's weights as
// JSON that `toynn.MLP.from_weights(**json.load(file))` turns back into the model.
//
// Numbers are written as the shortest decimals that give back their float32 values, which
// is what toynn stores: the code's initial weights and data are the run's, bit for bit.
// Pure functions, no DOM: the tests import this module in Node too.

const LOSS_CALLS = {
  bce: "torch.nn.functional.binary_cross_entropy_with_logits(model(X), y)",
  ce: "torch.nn.functional.cross_entropy(model(X), y)",
  mse: "torch.nn.functional.mse_loss(model(X), y)",
};

// The shortest decimal that reads back as the same float32 as `value`.
export function float32Text(value) {
  const single = Math.fround(value);
  if (Number.isInteger(single) && Math.abs(single) < 1e15) return single.toFixed(1);
  for (let digits = 1; digits < 17; digits++) {
    const text = String(Number(single.toPrecision(digits)));
    if (Math.fround(Number(text)) === single) return text;
  }
  return String(single);
}

// Nested arrays of numbers as JSON (which is also a Python literal), float32 decimals.
export function numbers(value) {
  if (Array.isArray(value)) return "[" + value.map(numbers).join(", ") + "]";
  return float32Text(value);
}

// The same, one item per line wherever a line would pass 88 characters; `python` adds the
// trailing commas of Python style (JSON has none).
function pretty(value, indent, python) {
  const flat = numbers(value);
  if (!Array.isArray(value) || indent.length + flat.length <= 80) return flat;
  const inner = indent + (python ? "    " : "  ");
  const items = value.every((item) => !Array.isArray(item))
    ? wrapped(value.map(float32Text), inner, python)
    : value.map((item) => inner + pretty(item, inner, python)).join(",\n") + (python ? "," : "");
  return "[\n" + items + "\n" + indent + "]";
}

// Weights as MLP.from_weights takes them ({hidden, output, activation}): JSON text, or with
// `python` the same dict as Python source.
export function weightsJSON(weights, python = false) {
  const inner = python ? "    " : "  ";
  const entries = [
    inner + '"hidden": ' + pretty(weights.hidden, inner, python),
    inner + '"output": ' + pretty(weights.output, inner, python),
    inner + '"activation": "' + weights.activation + '"',
  ];
  return "{\n" + entries.join(",\n") + (python ? "," : "") + "\n}";
}

// Items separated by commas, on lines of at most about 88 characters; `trailing` ends
// the last with a comma too (Python style).
function wrapped(items, indent, trailing = true) {
  const lines = [];
  let line = "";
  for (const item of items) {
    const piece = item + ",";
    if (line && line.length + piece.length + 1 > 88 - indent.length) {
      lines.push(indent + line);
      line = piece;
    } else {
      line = line ? line + " " + piece : piece;
    }
  }
  if (line) lines.push(indent + line);
  const text = lines.join("\n");
  return trailing ? text : text.slice(0, -1);
}

// The lines that make X and y: a toynn call for the library's own data, else the points.
function dataLines(data) {
  if (data.call) return ["X, y = " + data.call];
  const rows = [];
  for (let k = 0; k < data.n; k++) {
    rows.push(data.inputs === 1 ? "[" + float32Text(data.X[k]) + "]"
      : "[" + float32Text(data.X[2 * k]) + ", " + float32Text(data.X[2 * k + 1]) + "]");
  }
  const targets = Array.from(data.y, (v) => (data.loss === "ce" ? String(v) : float32Text(v)));
  return [
    "X = torch.tensor([",
    wrapped(rows, "    "),
    "])",
    "y = torch.tensor([",
    wrapped(targets, "    "),
    "])" + (data.loss === "ce" ? "  # class indices (int64)" : ""),
  ];
}

// The Python program that reproduces a run: the data, the initial weights, one toynn.fit per
// segment of the run (each learning rate), and the final loss the page showed.
export function pythonCode(run) {
  const { data, initial, segments, epoch, loss, label } = run;
  const shape = [data.inputs, ...Array(initial.hidden.length).fill(initial.hidden[0][1].length),
    data.outputs].join("-");
  const lines = [
    "# The playground's run: " + label + ", a " + shape + " net of " + initial.activation
      + " units, full-batch Adam (toynn's defaults).",
    "import torch",
    "",
    "import toynn",
    "",
    ...dataLines(data),
    "",
    "# The weights the run started from, as toynn.MLP.from_weights takes them:",
    "initial = " + weightsJSON(initial, true),
    "model = toynn.MLP.from_weights(**initial)",
  ];
  const trained = segments.filter((segment) => segment.epochs > 0);
  trained.forEach((segment, i) => {
    if (i > 0) lines.push("# A new learning rate: Adam starts afresh, as it did on the page.");
    lines.push("history = toynn.fit(model, X, y, loss=\"" + data.loss + "\", lr="
      + String(segment.lr) + ", epochs=" + segment.epochs + ")");
  });
  if (!trained.length) {
    lines.push("# Not trained yet: press Train on the playground, then copy again.");
  }
  lines.push(
    "loss = " + LOSS_CALLS[data.loss] + ".item()",
    "print(f\"epoch " + epoch + ", loss {loss:.6g}\")  # the playground showed "
      + Number(loss.toPrecision(6)),
  );
  return lines.join("\n") + "\n";
}
