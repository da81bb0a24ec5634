/**
 * Shell constructs that execute or change the shell without being a visible simple command:
 * command and process substitution anywhere in any word, arithmetic on variables (an array index
 * inside the value runs commands), brace expansion and indirect or transforming parameter
 * expansion (options built at run time), function definitions, coprocesses, background jobs.
 */
import type { ArithmeticExpression, SyntaxNode } from 'unbash';
import { approve, q, type Verdict } from './rules/types.js';

const GATED_TYPES = new Set(['CommandExpansion', 'ProcessSubstitution', 'ArithmeticExpansion', 'ArithmeticCommand', 'ArithmeticFor', 'BraceExpansion', 'ParameterExpansion', 'Function', 'Coproc', 'Select', 'Statement', 'TestBinary']);
const ARITH_TEST = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const NUMBER = /^(\d+|0[xX][0-9a-fA-F]+)$/;

const stop = (reason: string): { verdicts: Verdict[]; stop: boolean } => ({ verdicts: [approve(reason)], stop: true });

export function gateNode(node: SyntaxNode, source: string): { verdicts: Verdict[]; stop: boolean } | undefined {
  if (!GATED_TYPES.has(node.type)) return undefined;
  return gate(node, source);
}

/** `source` is the block, to show a node's text (no closure is made per visited node). */
function gate(node: SyntaxNode, source: string): { verdicts: Verdict[]; stop: boolean } | undefined {
  switch (node.type) {
    case 'CommandExpansion':
      return stop(`the command substitution ${q(node.text)} runs a command while the shell builds the word`);
    case 'ProcessSubstitution':
      return stop(`the process substitution ${q(node.text)} runs a command`);
    case 'ArithmeticExpansion':
      return numericOnly(node.expression) ? { verdicts: [], stop: true } : stop(`the arithmetic ${q(node.text)} evaluates variables as code (an array index in a value can run commands)`);
    case 'ArithmeticCommand':
      return numericOnly(node.expression) ? { verdicts: [], stop: true } : stop(`the arithmetic command ${q(source.slice(node.pos, node.end))} evaluates variables as code (an array index in a value can run commands)`);
    case 'ArithmeticFor':
      if ([node.initialize, node.test, node.update].every((e) => !e || numericOnly(e))) return undefined;
      return { verdicts: [approve(`the loop ${q(source.slice(node.pos, node.end).split('\n')[0]!)} evaluates variables as code (an array index in a value can run commands)`)], stop: false };
    case 'BraceExpansion':
      return stop(`the brace expansion ${q(node.text)} turns one word into several words at run time`);
    case 'ParameterExpansion': {
      if (node.prefix === '!') return stop(`the indirect expansion ${q(node.text)} reads a variable whose name is computed at run time`);
      if (node.index && !NUMBER.test(node.index.value) && node.index.value !== '@' && node.index.value !== '*') return stop(`the array index in ${q(node.text)} is evaluated as code`);
      const op = node.operation;
      if (op?.type === 'Transform' || op?.type === 'Names' || op?.type === 'Unknown') return stop(`the expansion ${q(node.text)} transforms the value at run time (the @ operators can expand prompts, which runs commands)`);
      if (op?.type === 'Slice' && (!NUMBER.test(op.offset.value.trim().replace(/^-/, '')) || (op.length && !NUMBER.test(op.length.value.trim().replace(/^-/, ''))))) {
        return stop(`the offsets in ${q(node.text)} are evaluated as arithmetic, which can run commands`);
      }
      return undefined;
    }
    case 'Function':
      return stop(`the block defines the shell function ${q(node.name.value)}, so later commands may not run what they name`);
    case 'Coproc':
      return stop(`${q('coproc')} starts a background process the step cannot wait for`);
    case 'Select':
      return stop(`${q('select')} waits for a choice typed at a terminal`);
    case 'Statement':
      if (node.background) {
        const body = source.slice(node.command.pos, node.command.end).split('\n')[0]!;
        return { verdicts: [approve(`${q('&')} runs ${q(body)} in the background, where the step cannot wait for it or stop it`)], stop: false };
      }
      return undefined;
    case 'TestBinary':
      if (ARITH_TEST.has(node.operator) && ![node.left, node.right].every((w) => NUMBER.test(w.value))) {
        return { verdicts: [approve(`${q(`[[ ... ${node.operator} ... ]]`)} evaluates its operands as arithmetic, which can run commands hidden in a value`)], stop: false };
      }
      return undefined;
    default:
      return undefined;
  }
}

function numericOnly(e: ArithmeticExpression | undefined): boolean {
  if (!e) return true;
  switch (e.type) {
    case 'ArithmeticWord':
      return NUMBER.test(e.value);
    case 'ArithmeticBinary':
      return !/=/.test(e.operator.replace(/^(==|!=|<=|>=)$/, '')) && numericOnly(e.left) && numericOnly(e.right);
    case 'ArithmeticUnary':
      return numericOnly(e.operand);
    case 'ArithmeticTernary':
      return numericOnly(e.test) && numericOnly(e.consequent) && numericOnly(e.alternate);
    case 'ArithmeticGroup':
      return numericOnly(e.expression);
    default:
      return false;
  }
}
