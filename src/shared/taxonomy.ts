/**
 * The one place that names Raut's expression classes, their order and their valence groups.
 * The order is FER-2013's label order (0 = angry … 6 = neutral). A model whose output order
 * differs maps it to this order in its own adapter, never elsewhere.
 */
export const EXPRESSIONS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;
export type Expression = (typeof EXPRESSIONS)[number];
export const EXPRESSION_COUNT = EXPRESSIONS.length;

export const VALENCE_GROUPS = ['positive', 'neutral', 'negative'] as const;
export type ValenceGroup = (typeof VALENCE_GROUPS)[number];

const VALENCE_OF: Record<Expression, ValenceGroup> = {
  angry: 'negative',
  disgust: 'negative',
  fear: 'negative',
  happy: 'positive',
  sad: 'negative',
  surprise: 'positive',
  neutral: 'neutral',
};

export function valenceOf(expression: Expression): ValenceGroup {
  return VALENCE_OF[expression];
}

export function isExpression(value: unknown): value is Expression {
  return typeof value === 'string' && (EXPRESSIONS as readonly string[]).includes(value);
}

/** Index of the largest probability; ties go to the earlier class. */
export function argmax(probabilities: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) {
    if ((probabilities[i] ?? -Infinity) > (probabilities[best] ?? -Infinity)) best = i;
  }
  return best;
}

export function topExpression(probabilities: ArrayLike<number>): Expression {
  return EXPRESSIONS[argmax(probabilities)] as Expression;
}
