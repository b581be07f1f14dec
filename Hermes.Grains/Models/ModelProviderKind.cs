namespace Hermes.Grains.Models;

/// <summary>The protocol a model provider speaks.</summary>
public enum ModelProviderKind
{
    /// <summary>Any OpenAI-compatible chat-completions endpoint: OpenAI, OpenRouter, vLLM, Ollama, LM Studio, llama.cpp.</summary>
    OpenAI,

    /// <summary>Anthropic's Messages API, through the official Anthropic SDK.</summary>
    Anthropic,
}
