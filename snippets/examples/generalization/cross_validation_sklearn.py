# The same model selection with scikit-learn: GridSearchCV refits the best
# degree on all the development data (refit=True is its default).
import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, 100)
y = np.sin(np.pi * x) + 0.3 * rng.standard_normal(100)
order = rng.permutation(100)  # the shuffle that random_split draws
dev, test = order[:80], order[80:]

model = make_pipeline(PolynomialFeatures(), LinearRegression())
search = GridSearchCV(model, {"polynomialfeatures__degree": range(11)},
                      cv=KFold(5), scoring="neg_mean_squared_error")
search.fit(x[dev, None], y[dev])
for degree, score in enumerate(search.cv_results_["mean_test_score"]):
    print(f"degree {degree:2d}: CV loss {-score:.4f}")
best = search.best_params_["polynomialfeatures__degree"]
print(f"chosen degree {best}, refit on all {len(dev)} points")
test_loss = np.mean((search.predict(x[test, None]) - y[test]) ** 2)
print(f"test loss, measured once: {test_loss:.4f}")
