import type { PipeTransform } from '@nestjs/common';
import { Args, Int, type ReturnTypeFunc } from '@nestjs/graphql';
import { badInput } from '@homeward/domain';

/** An optional integer argument's default and bounds, declared once beside the feature that owns them. */
export interface IntBounds {
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** Omitted and explicit null both mean the default (GraphQL applies `defaultValue` only when the argument is absent). */
class OrDefault<T> implements PipeTransform<T | null | undefined, T> {
  constructor(private readonly fallback: T) {}
  transform(value: T | null | undefined): T {
    return value ?? this.fallback;
  }
}

/** An integer outside its bounds is refused naming the argument, before any service runs. */
class InBounds implements PipeTransform<number, number> {
  constructor(
    private readonly name: string,
    private readonly bounds: IntBounds,
  ) {}
  transform(value: number): number {
    if (!Number.isInteger(value) || value < this.bounds.min || value > this.bounds.max) {
      throw badInput(this.name, `must be an integer between ${this.bounds.min} and ${this.bounds.max}`);
    }
    return value;
  }
}

/**
 * An optional integer argument with its default and bounds in one place: the schema shows
 * the default, the resolver receives a checked number, never null.
 */
export function IntArg(name: string, bounds: IntBounds, description?: string): ParameterDecorator {
  const text = `${description ? `${description} ` : ''}${bounds.min} to ${bounds.max}.`;
  return Args(
    name,
    { type: () => Int, nullable: true, defaultValue: bounds.default, description: text },
    new OrDefault(bounds.default),
    new InBounds(name, bounds),
  );
}

/** An optional argument of another type (an enum, a boolean) whose default is declared once. */
export function ArgOr<T>(name: string, type: ReturnTypeFunc, fallback: T, description?: string): ParameterDecorator {
  return Args(name, { type, nullable: true, defaultValue: fallback, description }, new OrDefault(fallback));
}
