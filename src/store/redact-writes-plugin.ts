/**
 * Every string the bot writes to its store passes the redactor: step output, run arguments,
 * approval requests, incident timelines, whatever a later feature adds. A Kysely plugin, so no
 * repository can forget it. Only written values are rewritten (INSERT values, UPDATE sets, upsert
 * sets); a WHERE clause still compares against what the caller gave.
 *
 * The audit table is left alone: its rows are redacted before they are hashed
 * (core/audit/redacting-audit.ts), and changing a string after hashing would break the chain.
 */
import {
  InsertQueryNode,
  OperationNodeTransformer,
  UpdateQueryNode,
  type KyselyPlugin,
  type OnConflictNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type TableNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';
import type { Redactor } from '../core/redact/types.js';

/** tables whose rows are redacted before they are written, and must then be stored as given */
const WRITTEN_REDACTED = new Set(['audit_events']);

class RedactValues extends OperationNodeTransformer {
  constructor(private readonly redactor: Redactor) {
    super();
  }

  protected override transformValue(node: ValueNode): ValueNode {
    return typeof node.value === 'string' ? { ...node, value: this.redactor.redact(node.value) } : node;
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...node, values: node.values.map((v) => (typeof v === 'string' ? this.redactor.redact(v) : v)) };
  }
}

export class RedactWritesPlugin implements KyselyPlugin {
  private readonly values: RedactValues;

  constructor(redactor: Redactor) {
    this.values = new RedactValues(redactor);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (InsertQueryNode.is(node)) {
      if (WRITTEN_REDACTED.has(tableName(node.into))) return node;
      return {
        ...node,
        ...(node.values ? { values: this.values.transformNode(node.values) } : {}),
        ...(node.onConflict ? { onConflict: this.onConflict(node.onConflict) } : {}),
      };
    }
    if (UpdateQueryNode.is(node)) {
      if (node.table && 'table' in node.table && WRITTEN_REDACTED.has(tableName(node.table as TableNode))) return node;
      return { ...node, ...(node.updates ? { updates: node.updates.map((u) => this.values.transformNode(u)) } : {}) };
    }
    return node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }

  private onConflict(node: OnConflictNode): OnConflictNode {
    return node.updates ? { ...node, updates: node.updates.map((u) => this.values.transformNode(u)) } : node;
  }
}

function tableName(node: TableNode | undefined): string {
  return node?.table.identifier.name ?? '';
}
