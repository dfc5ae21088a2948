/**
 * Finds user-facing text written straight into components instead of going through the
 * translator: JSX text, user-visible attributes (title, aria-label, placeholder, …), text props of
 * Raut's own components (label, question, …) and strings that land in JSX children, plus
 * `new Error('…')` / `setError('…')` with words in them. Arguments of calls (message keys) and
 * other attributes (class names, test ids) are not text and are skipped. Not seen: a string kept
 * in a variable first; the key-usage test and review cover those.
 */
import ts from 'typescript';

export const VISIBLE_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-valuetext', 'aria-description', 'placeholder', 'alt', 'label']);
/** Props of Raut's own components that are shown as text (ConfirmButton's question, ExpressionBars' label, …). */
const VISIBLE_PROP = /(label|question|title|text|message|hint|caption|notice)$/i;

function isVisibleAttribute(attribute: ts.JsxAttribute): boolean {
  const name = attribute.name.getText();
  if (VISIBLE_ATTRIBUTES.has(name)) return true;
  const element = attribute.parent.parent;
  const tag = ts.isJsxOpeningElement(element) || ts.isJsxSelfClosingElement(element) ? element.tagName.getText() : '';
  return /^[A-Z]/.test(tag) && VISIBLE_PROP.test(name);
}
const HAS_LETTERS = /\p{L}/u;

export interface Literal {
  file: string;
  line: number;
  text: string;
  where: string;
}

function stringsIn(node: ts.Node, out: ts.Node[]): void {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return; // t('key'), Math.max(…): not text
  if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) return; // visited on its own
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    out.push(node);
    return;
  }
  if (ts.isTemplateExpression(node)) {
    out.push(node.head, ...node.templateSpans.map((span) => span.literal));
    node.templateSpans.forEach((span) => stringsIn(span.expression, out));
    return;
  }
  // In a condition only the branches are shown: `a === 'x' ? … : …` compares, it does not display.
  if (ts.isConditionalExpression(node)) {
    stringsIn(node.whenTrue, out);
    stringsIn(node.whenFalse, out);
    return;
  }
  if (ts.isBinaryExpression(node) && /^(===|!==|==|!=|<|>|<=|>=|in|instanceof)$/.test(node.operatorToken.getText())) return;
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return;
  ts.forEachChild(node, (child) => stringsIn(child, out));
}

function literalText(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return node.getText();
}

export function findLiterals(file: string, source: string): Literal[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Literal[] = [];
  const report = (node: ts.Node, text: string, where: string) => {
    const trimmed = text.replace(/\s+/g, ' ').trim();
    if (!HAS_LETTERS.test(trimmed)) return;
    found.push({ file, line: sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: trimmed, where });
  };
  const reportStrings = (expression: ts.Node, where: string) => {
    const strings: ts.Node[] = [];
    stringsIn(expression, strings);
    for (const node of strings) report(node, literalText(node), where);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) report(node, node.text, 'JSX text');
    else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      reportStrings(node.expression, 'JSX child');
    } else if (ts.isJsxAttribute(node) && isVisibleAttribute(node) && node.initializer) {
      const value = node.initializer;
      if (ts.isStringLiteral(value)) report(value, value.text, `${node.name.getText()}=`);
      else if (ts.isJsxExpression(value) && value.expression) reportStrings(value.expression, `${node.name.getText()}=`);
    } else if (
      (ts.isNewExpression(node) && node.expression.getText() === 'Error') ||
      (ts.isCallExpression(node) && /(^|\.)setError$/.test(node.expression.getText()))
    ) {
      const first = node.arguments?.[0];
      if (first) reportStrings(first, node.expression.getText());
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
