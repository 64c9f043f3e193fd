import { describe, expect, it, vi } from "vitest";
import { escapeHtml, htmlTable, inKernel, showValues, textTable } from "../../../src/display";

describe("HTML tables", () => {
  it("escapes every cell, header and index", () => {
    const html = htmlTable(["<b>col</b>"], [["<script>alert(1)</script>"]], { index: ["<i>"] });
    expect(html).not.toMatch(/<script>|<b>|<i>/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(escapeHtml(`"'&`)).toBe("&quot;&#39;&amp;");
  });

  it("rounds floats to 4 decimals and keeps integers and text", () => {
    const html = htmlTable(["a", "b", "c"], [[1 / 3, 42, "x"]]);
    expect(html).toContain("<td>0.3333</td><td>42</td><td>x</td>");
  });

  it("shows tiny floats with 3 significant digits instead of a false 0", () => {
    expect(htmlTable(["a", "b"], [[3.5762786865234375e-7, -0.00012345]])).toContain(
      "<td>3.58e-7</td><td>-0.000123</td>",
    );
  });

  it("aligns a text table", () => {
    expect(
      textTable(
        ["name", "n"],
        [
          ["ab", 1],
          ["c", 22],
        ],
      ),
    ).toBe("name   n\n  ab   1\n   c  22");
  });
});

describe("outside a kernel", () => {
  it("knows it is not in Jupyter and prints the text form", () => {
    expect(inKernel()).toBe(false);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    showValues({ accuracy: 0.98 });
    expect(log).toHaveBeenCalledWith("    name  value\naccuracy   0.98");
    log.mockRestore();
  });
});
