import { useEffect, useRef } from 'react';
import { setupMonaco, monaco } from './monaco';

export interface EditorProps {
  initialValue: string;
  onChange?: (value: string) => void;
}

/** The problem editor: a Monaco instance holding a TypeScript model of the problem. */
export function Editor({ initialValue, onChange }: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const initial = useRef(initialValue);

  useEffect(() => {
    if (!host.current) return;
    setupMonaco();
    const uri = monaco.Uri.parse('file:///problem.ts');
    const model =
      monaco.editor.getModel(uri) ?? monaco.editor.createModel(initial.current, 'typescript', uri);
    const editor = monaco.editor.create(host.current, {
      model,
      theme: 'hjb-dark',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabSize: 2,
    });
    const sub = model.onDidChangeContent(() => onChangeRef.current?.(model.getValue()));
    return () => {
      sub.dispose();
      editor.dispose();
      model.dispose();
    };
  }, []);

  return <div className="editor-host" data-testid="editor" ref={host} />;
}
