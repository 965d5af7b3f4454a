() => {
    // A page measures itself for tests/browser/test_reflow_and_targets.py.
    //
    // A target: a, button, input, select, textarea, summary; for a radio button or a
    // checkbox, its label (the label row covers the box). A link that is words in a
    // sentence is exempt (WCAG 2.5.8, "inline"): inline, with words of its block both
    // before and after it. Every <details> is opened first, so what each holds is
    // measured too.
    for (const details of document.querySelectorAll("details")) details.open = true;
    const visible = element => {
        if (!element.checkVisibility({visibilityProperty: true})) return false;
        if (element.closest(".visually-hidden")) return false;
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && box.right > 0;
    };
    // A link in running text: inline, with words of its block before and after it.
    const inSentence = link => {
        if (getComputedStyle(link).display !== "inline") return false;
        let block = link.parentElement;
        while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
        const words = /[\p{L}\p{N}]/u;
        const before = document.createRange(), after = document.createRange();
        before.setStart(block, 0); before.setEndBefore(link);
        after.setStartAfter(link); after.setEnd(block, block.childNodes.length);
        return words.test(before.toString()) && words.test(after.toString());
    };
    const describe = element => {
        const name = (element.innerText || element.value || element.getAttribute("aria-label")
                      || element.name || element.id || "").trim().replace(/\s+/g, " ").slice(0, 40);
        return `<${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}> ${JSON.stringify(name)}`;
    };
    const small = [];
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
    for (const element of document.querySelectorAll(selector)) {
        let target = element;
        if (element.matches("input[type=radio], input[type=checkbox]")) {
            target = element.labels && element.labels[0];
            if (!target) { small.push(describe(element) + " has no label"); continue; }
        }
        if (!visible(element) && !visible(target)) continue;
        if (element.matches("a") && inSentence(element)) continue;
        const box = target.getBoundingClientRect();
        if (box.width < 43.5 || box.height < 43.5) {
            small.push(`${describe(target)} ${Math.round(box.width)} x ${Math.round(box.height)}`);
        }
    }
    const root = document.documentElement;
    // What sticks out past the right edge: the innermost such elements, to name them.
    const past = [...document.body.querySelectorAll("*")].filter(
        element => visible(element) && element.getBoundingClientRect().right > root.clientWidth + 0.5);
    const wide = past.filter(element => !past.some(other => other !== element && element.contains(other)))
        .slice(0, 3).map(element => `${describe(element)} to ${Math.round(element.getBoundingClientRect().right)} px`);
    // A box of its own that scrolls sideways hides its right part just as well (the
    // clinic's table once did); a text field scrolls its own text, which is no loss.
    const scrolling = [...document.body.querySelectorAll("*")].filter(element =>
        visible(element) && !element.matches("input, textarea, select")
        && ["auto", "scroll"].includes(getComputedStyle(element).overflowX)
        && element.scrollWidth > element.clientWidth + 1
    ).map(element => `${describe(element)} scrolls ${element.scrollWidth} px in ${element.clientWidth}`);
    return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, small, wide, scrolling};
}
