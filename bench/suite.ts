/** One benchmark suite: reports one JSON object per case through `emit`. */
export interface BenchSuite {
  name: string;
  run(emit: (line: Record<string, unknown>) => void): Promise<void>;
}
